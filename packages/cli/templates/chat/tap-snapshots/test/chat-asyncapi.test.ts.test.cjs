/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/chat-asyncapi.test.ts > TAP > apps/chat's AsyncAPI document is valid for the spec schema and the parser, and matches the snapshot > apps/chat asyncapi.json 1`] = `
{
  "asyncapi": "3.0.0",
  "info": {
    "title": "Halyard Chat",
    "version": "1.0.0",
    "description": "Rooms and messages over REST, live rooms and a shared whiteboard over WebSocket."
  },
  "defaultContentType": "application/json",
  "servers": {
    "default": {
      "host": "chat.example:3000",
      "protocol": "ws",
      "description": "The server this document was fetched from"
    }
  },
  "channels": {
    "BoardSocket": {
      "address": "/ws/boards/{boardId}",
      "title": "BoardSocket",
      "summary": "Whiteboard socket",
      "description": "Connect with \`?name=<display name>\`; the first push is \`board.snapshot\` with every stroke so far.",
      "messages": {
        "clear": {
          "$ref": "#/components/messages/BoardSocket_clear"
        },
        "clear_reply": {
          "$ref": "#/components/messages/BoardSocket_clear_reply"
        },
        "cursor": {
          "$ref": "#/components/messages/BoardSocket_cursor"
        },
        "cursor_reply": {
          "$ref": "#/components/messages/BoardSocket_cursor_reply"
        },
        "stroke": {
          "$ref": "#/components/messages/BoardSocket_stroke"
        },
        "stroke_reply": {
          "$ref": "#/components/messages/BoardSocket_stroke_reply"
        },
        "board_cleared": {
          "$ref": "#/components/messages/BoardSocket_board_cleared"
        },
        "board_snapshot": {
          "$ref": "#/components/messages/BoardSocket_board_snapshot"
        },
        "cursor_moved": {
          "$ref": "#/components/messages/BoardSocket_cursor_moved"
        },
        "stroke_drawn": {
          "$ref": "#/components/messages/BoardSocket_stroke_drawn"
        },
        "presence_joined": {
          "$ref": "#/components/messages/PresenceJoined"
        },
        "presence_left": {
          "$ref": "#/components/messages/PresenceLeft"
        },
        "error": {
          "$ref": "#/components/messages/ErrorFrame"
        }
      },
      "parameters": {
        "boardId": {
          "description": "The \`boardId\` segment of the connection URL: string."
        }
      },
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "bindings": {
        "ws": {
          "method": "GET",
          "query": {
            "title": "BoardQuery",
            "type": "object",
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 40
              }
            },
            "required": [
              "name"
            ],
            "additionalProperties": false
          },
          "bindingVersion": "0.1.0"
        }
      },
      "x-halyard-limits": {
        "maxPayload": 1048576,
        "maxConnections": 10000,
        "rateLimit": {
          "perSecond": 60,
          "burst": 120,
          "closeAfter": 100
        },
        "sendHighWaterMark": 1048576,
        "slowConsumer": "close"
      }
    },
    "ChatSocket": {
      "address": "/ws/rooms/{roomId}",
      "title": "ChatSocket",
      "summary": "Chat room socket",
      "description": "Connect with \`?name=<display name>\` to a room created over REST.",
      "messages": {
        "members": {
          "$ref": "#/components/messages/ChatSocket_members"
        },
        "members_reply": {
          "$ref": "#/components/messages/ChatSocket_members_reply"
        },
        "send": {
          "$ref": "#/components/messages/ChatSocket_send"
        },
        "send_reply": {
          "$ref": "#/components/messages/ChatSocket_send_reply"
        },
        "typing": {
          "$ref": "#/components/messages/ChatSocket_typing"
        },
        "typing_reply": {
          "$ref": "#/components/messages/ChatSocket_typing_reply"
        },
        "message_created": {
          "$ref": "#/components/messages/ChatSocket_message_created"
        },
        "typing_2": {
          "$ref": "#/components/messages/ChatSocket_typing_2"
        },
        "presence_joined": {
          "$ref": "#/components/messages/PresenceJoined"
        },
        "presence_left": {
          "$ref": "#/components/messages/PresenceLeft"
        },
        "error": {
          "$ref": "#/components/messages/ErrorFrame"
        }
      },
      "parameters": {
        "roomId": {
          "description": "The \`roomId\` segment of the connection URL: string."
        }
      },
      "tags": [
        {
          "name": "chat"
        }
      ],
      "bindings": {
        "ws": {
          "method": "GET",
          "query": {
            "title": "JoinQuery",
            "type": "object",
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 40
              }
            },
            "required": [
              "name"
            ],
            "additionalProperties": false
          },
          "bindingVersion": "0.1.0"
        }
      },
      "x-halyard-limits": {
        "maxPayload": 1048576,
        "maxConnections": 10000,
        "rateLimit": {
          "perSecond": 50,
          "burst": 100,
          "closeAfter": 100
        },
        "sendHighWaterMark": 1048576,
        "slowConsumer": "close"
      }
    }
  },
  "operations": {
    "BoardSocket_clear": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Clear the board",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/clear"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/BoardSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/BoardSocket/messages/clear_reply"
          }
        ]
      }
    },
    "BoardSocket_cursor": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Move the pointer",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/cursor"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/BoardSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/BoardSocket/messages/cursor_reply"
          }
        ]
      }
    },
    "BoardSocket_error": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "The server answers a rejected or failed message with an error frame.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/error"
        }
      ]
    },
    "BoardSocket_push_board_cleared": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Someone cleared the board (data names who)",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/board_cleared"
        }
      ]
    },
    "BoardSocket_push_board_snapshot": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Every stroke so far, sent once on connect",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/board_snapshot"
        }
      ]
    },
    "BoardSocket_push_cursor_moved": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Someone's pointer moved",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/cursor_moved"
        }
      ]
    },
    "BoardSocket_push_presence_joined": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Room presence: the server pushes \\"presence.joined\\" to the other members of a room.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/presence_joined"
        }
      ]
    },
    "BoardSocket_push_presence_left": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Room presence: the server pushes \\"presence.left\\" to the other members of a room.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/presence_left"
        }
      ]
    },
    "BoardSocket_push_stroke_drawn": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Someone finished a stroke",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/stroke_drawn"
        }
      ]
    },
    "BoardSocket_stroke": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Draw a stroke",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/stroke"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/BoardSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/BoardSocket/messages/stroke_reply"
          }
        ]
      }
    },
    "ChatSocket_error": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "The server answers a rejected or failed message with an error frame.",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/error"
        }
      ]
    },
    "ChatSocket_members": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Who is in the room",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/members"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/members_reply"
          }
        ]
      }
    },
    "ChatSocket_push_message_created": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "A message was posted to the room (over the socket or REST)",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/message_created"
        }
      ]
    },
    "ChatSocket_push_presence_joined": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Room presence: the server pushes \\"presence.joined\\" to the other members of a room.",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/presence_joined"
        }
      ]
    },
    "ChatSocket_push_presence_left": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Room presence: the server pushes \\"presence.left\\" to the other members of a room.",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/presence_left"
        }
      ]
    },
    "ChatSocket_push_typing": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Someone started or stopped typing",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/typing_2"
        }
      ]
    },
    "ChatSocket_send": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Send a message",
      "description": "Stores the message, replies with it, and pushes \`message.created\` to the other members.",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/send"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/send_reply"
          }
        ]
      }
    },
    "ChatSocket_typing": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Typing indicator",
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/typing"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/typing_reply"
          }
        ]
      }
    }
  },
  "components": {
    "schemas": {
      "BoardQuery": {
        "title": "BoardQuery",
        "type": "object",
        "properties": {
          "name": {
            "type": "string",
            "minLength": 1,
            "maxLength": 40
          }
        },
        "required": [
          "name"
        ],
        "additionalProperties": false
      },
      "BoardSnapshot": {
        "title": "BoardSnapshot",
        "type": "object",
        "properties": {
          "strokes": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/DrawnStroke"
            }
          }
        },
        "required": [
          "strokes"
        ],
        "additionalProperties": false
      },
      "CursorDto": {
        "title": "CursorDto",
        "type": "object",
        "properties": {
          "x": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "y": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          }
        },
        "required": [
          "x",
          "y"
        ],
        "additionalProperties": false
      },
      "CursorEvent": {
        "title": "CursorEvent",
        "type": "object",
        "properties": {
          "connectionId": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "x": {
            "type": "number"
          },
          "y": {
            "type": "number"
          }
        },
        "required": [
          "connectionId",
          "name",
          "x",
          "y"
        ],
        "additionalProperties": false
      },
      "DrawnStroke": {
        "title": "DrawnStroke",
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64
          },
          "color": {
            "type": "string"
          },
          "width": {
            "type": "integer",
            "minimum": 1,
            "maximum": 40
          },
          "points": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PointDto"
            },
            "minItems": 1,
            "maxItems": 2000
          },
          "author": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "color",
          "width",
          "points",
          "author"
        ],
        "additionalProperties": false
      },
      "ErrorBody": {
        "title": "ErrorBody",
        "description": "What went wrong with one message.",
        "type": "object",
        "properties": {
          "code": {
            "$ref": "#/components/schemas/ErrorCode"
          },
          "message": {
            "description": "Human-readable; do not parse it.",
            "type": "string"
          },
          "details": {
            "description": "Extra information, present for some codes: field errors \`[{ in, path, constraint, message }]\` for \`HALYARD_ERR_VALIDATION\`, \`{ known }\` for \`HALYARD_ERR_WS_UNKNOWN_TYPE\`, \`{ retryAfterMs }\` for \`HALYARD_ERR_WS_RATE_LIMITED\`, \`{ reason }\` for \`HALYARD_ERR_WS_MALFORMED_JSON\`."
          }
        },
        "required": [
          "code",
          "message"
        ],
        "additionalProperties": false
      },
      "ErrorCode": {
        "title": "ErrorCode",
        "description": "Stable machine-readable code. Halyard sends these itself:\\n\\n- \`HALYARD_ERR_WS_MALFORMED_JSON\`: the frame is not valid JSON (\`details.reason\`)\\n- \`HALYARD_ERR_WS_BINARY_UNSUPPORTED\`: a binary frame arrived; only JSON text frames are accepted\\n- \`HALYARD_ERR_WS_BAD_ENVELOPE\`: the envelope is not \`{ type, id?, data? }\`, or \`type\` is missing\\n- \`HALYARD_ERR_WS_UNKNOWN_TYPE\`: no handler for \`type\` (\`details.known\` lists the types)\\n- \`HALYARD_ERR_VALIDATION\`: \`data\` failed validation (\`details\` lists field errors)\\n- \`HALYARD_ERR_WS_RATE_LIMITED\`: too many messages (\`details.retryAfterMs\`); repeated, the socket closes 1008\\n- \`HALYARD_ERR_PAYLOAD_TOO_LARGE\`: the frame exceeds \`maxPayload\`; the socket then closes 1009\\n- \`HALYARD_ERR_INTERNAL\`: the handler failed unexpectedly; details are only logged\\n- \`HALYARD_ERR_BAD_REQUEST\`: the handler threw \`BadRequestError\`\\n- \`HALYARD_ERR_UNAUTHORIZED\`: the handler threw \`UnauthorizedError\`\\n- \`HALYARD_ERR_FORBIDDEN\`: the handler threw \`ForbiddenError\`\\n- \`HALYARD_ERR_NOT_FOUND\`: the handler threw \`NotFoundError\`\\n- \`HALYARD_ERR_CONFLICT\`: the handler threw \`ConflictError\`\\n\\nA handler that throws \`HttpError\` sends its own code (\`HTTP_<status>\` by default).",
        "anyOf": [
          {
            "type": "string",
            "enum": [
              "HALYARD_ERR_WS_MALFORMED_JSON",
              "HALYARD_ERR_WS_BINARY_UNSUPPORTED",
              "HALYARD_ERR_WS_BAD_ENVELOPE",
              "HALYARD_ERR_WS_UNKNOWN_TYPE",
              "HALYARD_ERR_VALIDATION",
              "HALYARD_ERR_WS_RATE_LIMITED",
              "HALYARD_ERR_PAYLOAD_TOO_LARGE",
              "HALYARD_ERR_INTERNAL",
              "HALYARD_ERR_BAD_REQUEST",
              "HALYARD_ERR_UNAUTHORIZED",
              "HALYARD_ERR_FORBIDDEN",
              "HALYARD_ERR_NOT_FOUND",
              "HALYARD_ERR_CONFLICT"
            ]
          },
          {
            "description": "An application's own code.",
            "type": "string"
          }
        ]
      },
      "ErrorFrame": {
        "title": "ErrorFrame",
        "description": "Sent instead of a reply when a message is rejected or its handler fails; carries the request \`id\` when the request had one.",
        "type": "object",
        "properties": {
          "type": {
            "type": "string",
            "const": "error"
          },
          "id": {
            "$ref": "#/components/schemas/MessageId"
          },
          "error": {
            "$ref": "#/components/schemas/ErrorBody"
          }
        },
        "required": [
          "type",
          "error"
        ],
        "additionalProperties": false
      },
      "MemberDto": {
        "title": "MemberDto",
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "name": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "name"
        ],
        "additionalProperties": false
      },
      "MessageDto": {
        "title": "MessageDto",
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "format": "uuid"
          },
          "roomId": {
            "type": "string"
          },
          "author": {
            "type": "string"
          },
          "text": {
            "type": "string"
          },
          "kind": {
            "type": "string",
            "enum": [
              "user",
              "system"
            ]
          },
          "sentAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "roomId",
          "author",
          "text",
          "kind",
          "sentAt"
        ],
        "additionalProperties": false
      },
      "MessageId": {
        "title": "MessageId",
        "description": "Chosen by the client; the reply or error frame to the message carries the same \`id\`.",
        "anyOf": [
          {
            "type": "string",
            "maxLength": 128
          },
          {
            "type": "number"
          }
        ]
      },
      "PointDto": {
        "title": "PointDto",
        "type": "object",
        "properties": {
          "x": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "y": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          }
        },
        "required": [
          "x",
          "y"
        ],
        "additionalProperties": false
      },
      "PresenceEvent": {
        "title": "PresenceEvent",
        "description": "A connection joined or left a room this connection is in.",
        "type": "object",
        "properties": {
          "room": {
            "type": "string"
          },
          "member": {
            "type": "object",
            "properties": {
              "id": {
                "description": "Connection id.",
                "type": "string"
              },
              "data": {
                "description": "What the connection set as \`conn.presence\`.",
                "type": "object"
              }
            },
            "required": [
              "id"
            ],
            "additionalProperties": false
          }
        },
        "required": [
          "room",
          "member"
        ],
        "additionalProperties": false
      },
      "SendDto": {
        "title": "SendDto",
        "type": "object",
        "properties": {
          "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000
          }
        },
        "required": [
          "text"
        ],
        "additionalProperties": false
      },
      "StrokeDto": {
        "title": "StrokeDto",
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64
          },
          "color": {
            "type": "string"
          },
          "width": {
            "type": "integer",
            "minimum": 1,
            "maximum": 40
          },
          "points": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/PointDto"
            },
            "minItems": 1,
            "maxItems": 2000
          }
        },
        "required": [
          "id",
          "color",
          "width",
          "points"
        ],
        "additionalProperties": false
      },
      "TypingDto": {
        "title": "TypingDto",
        "type": "object",
        "properties": {
          "typing": {
            "type": "boolean"
          }
        },
        "required": [
          "typing"
        ],
        "additionalProperties": false
      },
      "TypingEvent": {
        "title": "TypingEvent",
        "type": "object",
        "properties": {
          "connectionId": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "typing": {
            "type": "boolean"
          }
        },
        "required": [
          "connectionId",
          "name",
          "typing"
        ],
        "additionalProperties": false
      }
    },
    "messages": {
      "BoardSocket_board_cleared": {
        "name": "BoardSocket_board_cleared",
        "title": "board.cleared",
        "summary": "Someone cleared the board (data names who)",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "board.cleared"
            },
            "data": {
              "$ref": "#/components/schemas/BoardQuery"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "board.cleared",
              "data": {
                "name": "example"
              }
            }
          }
        ]
      },
      "BoardSocket_board_snapshot": {
        "name": "BoardSocket_board_snapshot",
        "title": "board.snapshot",
        "summary": "Every stroke so far, sent once on connect",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "board.snapshot"
            },
            "data": {
              "$ref": "#/components/schemas/BoardSnapshot"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "board.snapshot",
              "data": {
                "strokes": [
                  {
                    "id": "example",
                    "color": "example",
                    "width": 1,
                    "points": [
                      {
                        "x": 0,
                        "y": 0
                      }
                    ],
                    "author": "example"
                  }
                ]
              }
            }
          }
        ]
      },
      "BoardSocket_clear": {
        "name": "BoardSocket_clear",
        "title": "clear request",
        "summary": "Clear the board",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "clear"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "data": {}
          },
          "required": [
            "type"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "clear",
              "id": "example"
            }
          }
        ]
      },
      "BoardSocket_clear_reply": {
        "name": "BoardSocket_clear_reply",
        "title": "clear reply",
        "summary": "The server acknowledges \\"clear\\" with \`data: null\`.",
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "reply"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "type": "string",
              "const": "clear"
            },
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "reply",
              "id": "example",
              "to": "clear",
              "data": null
            }
          }
        ]
      },
      "BoardSocket_cursor": {
        "name": "BoardSocket_cursor",
        "title": "cursor request",
        "summary": "Move the pointer",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "cursor"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "data": {
              "$ref": "#/components/schemas/CursorDto"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "cursor",
              "id": "example",
              "data": {
                "x": 0,
                "y": 0
              }
            }
          }
        ]
      },
      "BoardSocket_cursor_moved": {
        "name": "BoardSocket_cursor_moved",
        "title": "cursor.moved",
        "summary": "Someone's pointer moved",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "cursor.moved"
            },
            "data": {
              "$ref": "#/components/schemas/CursorEvent"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "cursor.moved",
              "data": {
                "connectionId": "example",
                "name": "example",
                "x": 0,
                "y": 0
              }
            }
          }
        ]
      },
      "BoardSocket_cursor_reply": {
        "name": "BoardSocket_cursor_reply",
        "title": "cursor reply",
        "summary": "The server acknowledges \\"cursor\\" with \`data: null\`.",
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "reply"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "type": "string",
              "const": "cursor"
            },
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "reply",
              "id": "example",
              "to": "cursor",
              "data": null
            }
          }
        ]
      },
      "BoardSocket_stroke": {
        "name": "BoardSocket_stroke",
        "title": "stroke request",
        "summary": "Draw a stroke",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "stroke"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "data": {
              "$ref": "#/components/schemas/StrokeDto"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "stroke",
              "id": "example",
              "data": {
                "id": "example",
                "color": "example",
                "width": 1,
                "points": [
                  {
                    "x": 0,
                    "y": 0
                  }
                ]
              }
            }
          }
        ]
      },
      "BoardSocket_stroke_drawn": {
        "name": "BoardSocket_stroke_drawn",
        "title": "stroke.drawn",
        "summary": "Someone finished a stroke",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "stroke.drawn"
            },
            "data": {
              "$ref": "#/components/schemas/DrawnStroke"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "stroke.drawn",
              "data": {
                "id": "example",
                "color": "example",
                "width": 1,
                "points": [
                  {
                    "x": 0,
                    "y": 0
                  }
                ],
                "author": "example"
              }
            }
          }
        ]
      },
      "BoardSocket_stroke_reply": {
        "name": "BoardSocket_stroke_reply",
        "title": "stroke reply",
        "summary": "The server acknowledges \\"stroke\\" with \`data: null\`.",
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "reply"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "type": "string",
              "const": "stroke"
            },
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "reply",
              "id": "example",
              "to": "stroke",
              "data": null
            }
          }
        ]
      },
      "ChatSocket_members": {
        "name": "ChatSocket_members",
        "title": "members request",
        "summary": "Who is in the room",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "members"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "data": {}
          },
          "required": [
            "type"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "members",
              "id": "example"
            }
          }
        ]
      },
      "ChatSocket_members_reply": {
        "name": "ChatSocket_members_reply",
        "title": "members reply",
        "summary": "The server's answer to \\"members\\".",
        "description": "Sent when the handler returns a value, with the \`id\` of the request if it had one.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "reply"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "type": "string",
              "const": "members"
            },
            "data": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/MemberDto"
              }
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "reply",
              "id": "example",
              "to": "members",
              "data": [
                {
                  "id": "example",
                  "name": "example"
                }
              ]
            }
          }
        ]
      },
      "ChatSocket_message_created": {
        "name": "ChatSocket_message_created",
        "title": "message.created",
        "summary": "A message was posted to the room (over the socket or REST)",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "message.created"
            },
            "data": {
              "$ref": "#/components/schemas/MessageDto"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "message.created",
              "data": {
                "id": "00000000-0000-4000-8000-000000000000",
                "roomId": "example",
                "author": "example",
                "text": "example",
                "kind": "user",
                "sentAt": "2026-01-01T00:00:00.000Z"
              }
            }
          }
        ]
      },
      "ChatSocket_send": {
        "name": "ChatSocket_send",
        "title": "send request",
        "summary": "Send a message",
        "description": "Stores the message, replies with it, and pushes \`message.created\` to the other members.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "send"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "data": {
              "$ref": "#/components/schemas/SendDto"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "send",
              "id": "example",
              "data": {
                "text": "example"
              }
            }
          }
        ]
      },
      "ChatSocket_send_reply": {
        "name": "ChatSocket_send_reply",
        "title": "send reply",
        "summary": "The server's answer to \\"send\\".",
        "description": "Sent when the handler returns a value, with the \`id\` of the request if it had one.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "reply"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "type": "string",
              "const": "send"
            },
            "data": {
              "$ref": "#/components/schemas/MessageDto"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "reply",
              "id": "example",
              "to": "send",
              "data": {
                "id": "00000000-0000-4000-8000-000000000000",
                "roomId": "example",
                "author": "example",
                "text": "example",
                "kind": "user",
                "sentAt": "2026-01-01T00:00:00.000Z"
              }
            }
          }
        ]
      },
      "ChatSocket_typing": {
        "name": "ChatSocket_typing",
        "title": "typing request",
        "summary": "Typing indicator",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "typing"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "data": {
              "$ref": "#/components/schemas/TypingDto"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "typing",
              "id": "example",
              "data": {
                "typing": true
              }
            }
          }
        ]
      },
      "ChatSocket_typing_2": {
        "name": "ChatSocket_typing_2",
        "title": "typing",
        "summary": "Someone started or stopped typing",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "typing"
            },
            "data": {
              "$ref": "#/components/schemas/TypingEvent"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "typing",
              "data": {
                "connectionId": "example",
                "name": "example",
                "typing": true
              }
            }
          }
        ]
      },
      "ChatSocket_typing_reply": {
        "name": "ChatSocket_typing_reply",
        "title": "typing reply",
        "summary": "The server acknowledges \\"typing\\" with \`data: null\`.",
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "reply"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "type": "string",
              "const": "typing"
            },
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "derived",
            "summary": "Built from the payload schema",
            "payload": {
              "type": "reply",
              "id": "example",
              "to": "typing",
              "data": null
            }
          }
        ]
      },
      "ErrorFrame": {
        "name": "ErrorFrame",
        "title": "error",
        "summary": "A message was rejected or its handler failed.",
        "description": "Answers a request instead of its reply, with the same \`id\`. Frames rejected before their \`id\` could be read (malformed JSON, binary, too large, rate limited) carry no \`id\`.",
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "payload": {
          "$ref": "#/components/schemas/ErrorFrame"
        },
        "examples": [
          {
            "name": "unknownType",
            "summary": "No handler for the message type",
            "payload": {
              "type": "error",
              "id": "t1",
              "error": {
                "code": "HALYARD_ERR_WS_UNKNOWN_TYPE",
                "message": "Unknown message type \\"shout\\"",
                "details": {
                  "known": [
                    "chat"
                  ]
                }
              }
            }
          },
          {
            "name": "validation",
            "summary": "\`data\` failed validation",
            "payload": {
              "type": "error",
              "id": "t2",
              "error": {
                "code": "HALYARD_ERR_VALIDATION",
                "message": "message failed validation",
                "details": [
                  {
                    "in": "message",
                    "path": "text",
                    "constraint": "isLength",
                    "message": "text must be longer than or equal to 1 characters"
                  }
                ]
              }
            }
          }
        ]
      },
      "PresenceJoined": {
        "name": "PresenceJoined",
        "title": "presence.joined",
        "summary": "Another connection joined a room this connection is in.",
        "description": "Sent by the hub to the other members of a room when a connection calls \`conn.join\` / \`conn.leave\` or disconnects; \`member.data\` is what that connection set as \`conn.presence\`.",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "presence.joined"
            },
            "data": {
              "$ref": "#/components/schemas/PresenceEvent"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "joined",
            "payload": {
              "type": "presence.joined",
              "data": {
                "room": "game:7",
                "member": {
                  "id": "c2",
                  "data": {
                    "name": "bob"
                  }
                }
              }
            }
          }
        ]
      },
      "PresenceLeft": {
        "name": "PresenceLeft",
        "title": "presence.left",
        "summary": "Another connection left a room this connection is in.",
        "description": "Sent by the hub to the other members of a room when a connection calls \`conn.join\` / \`conn.leave\` or disconnects; \`member.data\` is what that connection set as \`conn.presence\`.",
        "contentType": "application/json",
        "payload": {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "presence.left"
            },
            "data": {
              "$ref": "#/components/schemas/PresenceEvent"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        },
        "examples": [
          {
            "name": "left",
            "payload": {
              "type": "presence.left",
              "data": {
                "room": "game:7",
                "member": {
                  "id": "c2",
                  "data": {
                    "name": "bob"
                  }
                }
              }
            }
          }
        ]
      }
    },
    "correlationIds": {
      "envelopeId": {
        "description": "The \`id\` a client puts on a request; the reply or error frame answering it carries the same value.",
        "location": "$message.payload#/id"
      }
    }
  }
}
`
