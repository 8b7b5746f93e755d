/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`apps/chat/test/chat-asyncapi.test.ts > TAP > apps/chat's AsyncAPI document is valid for the spec schema and the parser, and its channels match the snapshot > apps/chat asyncapi.json: the chat's channels, their operations and components 1`] = `
{
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
        "push_board_cleared": {
          "$ref": "#/components/messages/BoardSocket_push_board_cleared"
        },
        "push_board_snapshot": {
          "$ref": "#/components/messages/BoardSocket_push_board_snapshot"
        },
        "push_cursor_moved": {
          "$ref": "#/components/messages/BoardSocket_push_cursor_moved"
        },
        "push_stroke_drawn": {
          "$ref": "#/components/messages/BoardSocket_push_stroke_drawn"
        },
        "presence_joined": {
          "$ref": "#/components/messages/PresenceJoined"
        },
        "presence_left": {
          "$ref": "#/components/messages/PresenceLeft"
        },
        "heartbeat_ping": {
          "$ref": "#/components/messages/HeartbeatPing"
        },
        "heartbeat_pong": {
          "$ref": "#/components/messages/HeartbeatPong"
        },
        "stream_resume": {
          "$ref": "#/components/messages/StreamResume"
        },
        "stream_resume_reply": {
          "$ref": "#/components/messages/StreamResumeReply"
        },
        "stream_resumed": {
          "$ref": "#/components/messages/StreamResumed"
        },
        "stream_reset": {
          "$ref": "#/components/messages/StreamReset"
        },
        "stream_session": {
          "$ref": "#/components/messages/StreamSession"
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
          "closeAfter": 100,
          "windowMs": 10000
        },
        "sendHighWaterMark": 1048576,
        "slowConsumer": "close",
        "refuseWith": "close",
        "heartbeat": {
          "intervalMs": 30000
        }
      },
      "x-halyard-close-codes": {
        "1000": "Normal closure: \`conn.close()\` or \`hub.disconnect(id)\` without a code.",
        "1001": "The server is shutting down with \`restartWindowMs: 0\` (\`Server shutting down\`); reconnect later or elsewhere.",
        "1002": "Protocol error: the client broke the WebSocket framing (\`ws\` detects it; Halyard logs \`HALYARD_ERR_WS_PROTOCOL\`). Fix the client.",
        "1008": "Policy violation: \`closeAfter\` rate-limited messages within \`windowMs\` (\`Rate limit exceeded\`), or too many frames or bytes sent before \`@OnConnect\` finished (\`Too many messages before the connection was ready\`); do not reconnect automatically.",
        "1009": "A frame exceeded \`maxPayload\` (\`Message too big\`).",
        "1011": "\`@OnConnect\` failed unexpectedly, or the close code asked for cannot be sent.",
        "1012": "Service restart: \`app.close()\` ran (\`Service Restart; reconnect within <ms> ms\`); reconnect, to any instance, after a uniformly random delay within that window, then resume.",
        "1013": "Slow consumer: the send buffer exceeded \`sendHighWaterMark\` (\`Slow consumer\`).",
        "4400": "Upgrade refused (HTTP 400): the path, query or headers of the upgrade failed validation.",
        "4403": "Upgrade refused (HTTP 403): the \`Origin\` is not allowed."
      },
      "x-halyard-streams": [
        {
          "rooms": "room:*",
          "maxCount": 1000,
          "maxAgeMs": 600000
        }
      ]
    },
    "ChatSocket": {
      "address": "/ws/rooms/{roomId}",
      "title": "ChatSocket",
      "summary": "Chat room socket",
      "description": "Connect with \`?name=<display name>\` to a room created over REST. With \`?token=\` (from \`POST /api/login\`) the socket is that user until the token expires: answer \`$expiring\` with \`$auth\` and a fresh token, or it closes with 4401. Private rooms need a token of an invited user.",
      "messages": {
        "kick": {
          "$ref": "#/components/messages/ChatSocket_kick"
        },
        "kick_reply": {
          "$ref": "#/components/messages/ChatSocket_kick_reply"
        },
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
        "push_message_created": {
          "$ref": "#/components/messages/ChatSocket_push_message_created"
        },
        "push_typing": {
          "$ref": "#/components/messages/ChatSocket_push_typing"
        },
        "presence_joined": {
          "$ref": "#/components/messages/PresenceJoined"
        },
        "presence_left": {
          "$ref": "#/components/messages/PresenceLeft"
        },
        "heartbeat_ping": {
          "$ref": "#/components/messages/HeartbeatPing"
        },
        "heartbeat_pong": {
          "$ref": "#/components/messages/HeartbeatPong"
        },
        "auth": {
          "$ref": "#/components/messages/Reauth"
        },
        "auth_reply": {
          "$ref": "#/components/messages/ReauthReply"
        },
        "auth_expiring": {
          "$ref": "#/components/messages/ReauthExpiring"
        },
        "stream_resume": {
          "$ref": "#/components/messages/StreamResume"
        },
        "stream_resume_reply": {
          "$ref": "#/components/messages/StreamResumeReply"
        },
        "stream_resumed": {
          "$ref": "#/components/messages/StreamResumed"
        },
        "stream_reset": {
          "$ref": "#/components/messages/StreamReset"
        },
        "stream_session": {
          "$ref": "#/components/messages/StreamSession"
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
              },
              "token": {
                "description": "A session token from \`POST /api/login\`; optional for public rooms (guests), required for private ones.",
                "type": "string"
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
          "closeAfter": 100,
          "windowMs": 10000
        },
        "sendHighWaterMark": 1048576,
        "slowConsumer": "close",
        "refuseWith": "close",
        "heartbeat": {
          "intervalMs": 30000
        }
      },
      "x-halyard-close-codes": {
        "1000": "Normal closure: \`conn.close()\` or \`hub.disconnect(id)\` without a code.",
        "1001": "The server is shutting down with \`restartWindowMs: 0\` (\`Server shutting down\`); reconnect later or elsewhere.",
        "1002": "Protocol error: the client broke the WebSocket framing (\`ws\` detects it; Halyard logs \`HALYARD_ERR_WS_PROTOCOL\`). Fix the client.",
        "1008": "Policy violation: \`closeAfter\` rate-limited messages within \`windowMs\` (\`Rate limit exceeded\`), or too many frames or bytes sent before \`@OnConnect\` finished (\`Too many messages before the connection was ready\`); do not reconnect automatically.",
        "1009": "A frame exceeded \`maxPayload\` (\`Message too big\`).",
        "1011": "\`@OnConnect\` failed unexpectedly, or the close code asked for cannot be sent. On \`$auth\`: an upgrade guard threw something other than an \`HttpError\`.",
        "1012": "Service restart: \`app.close()\` ran (\`Service Restart; reconnect within <ms> ms\`); reconnect, to any instance, after a uniformly random delay within that window, then resume.",
        "1013": "Slow consumer: the send buffer exceeded \`sendHighWaterMark\` (\`Slow consumer\`).",
        "4400": "Upgrade refused (HTTP 400): the path, query or headers of the upgrade failed validation.",
        "4401": "Upgrade refused (HTTP 401): a guard requires credentials. Later: The identity expired and no \`$auth\` frame replaced it (\`Credential expired\`), or the upgrade guards refused a \`$auth\` credential.",
        "4403": "Upgrade refused (HTTP 403): a guard denied access, or the \`Origin\` is not allowed. Later: \`$auth\` refused: an upgrade guard returned \`false\` for the new credential (\`Access denied by <Guard>\`)."
      },
      "x-halyard-streams": [
        {
          "rooms": "room:*",
          "maxCount": 1000,
          "maxAgeMs": 600000
        }
      ]
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
    "BoardSocket_heartbeat": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Heartbeat: the server answers \`$ping\` with \`$pong\` at once, on every socket.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/heartbeat_ping"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/BoardSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/BoardSocket/messages/heartbeat_pong"
          }
        ]
      }
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
          "$ref": "#/channels/BoardSocket/messages/push_board_cleared"
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
          "$ref": "#/channels/BoardSocket/messages/push_board_snapshot"
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
          "$ref": "#/channels/BoardSocket/messages/push_cursor_moved"
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
          "$ref": "#/channels/BoardSocket/messages/push_stroke_drawn"
        }
      ]
    },
    "BoardSocket_stream_reset": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "The server cannot replay a room: the client refetches it (never a silent gap).",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/stream_reset"
        }
      ]
    },
    "BoardSocket_stream_resume": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "Resume: the server replays the pushes of stream rooms after the positions the client names.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/stream_resume"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/BoardSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/BoardSocket/messages/stream_resume_reply"
          }
        ]
      }
    },
    "BoardSocket_stream_resumed": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "The replay of one room is complete; live pushes follow as usual.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/stream_resumed"
        }
      ]
    },
    "BoardSocket_stream_session": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/BoardSocket"
      },
      "summary": "The resume token of this connection: reconnect with it to stay the same member.",
      "tags": [
        {
          "name": "whiteboard"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/BoardSocket/messages/stream_session"
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
    "ChatSocket_auth": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Re-authentication: \`$auth\` re-runs the channel's upgrade guards with a new credential.",
      "description": "Accepted: the reply, and the new identity from the next message on. Refused: the socket closes with \`4000 + status\` of the \`HttpError\` a guard threw (4401 for \`UnauthorizedError\`), 4403 when a guard returned \`false\`, 1011 when it threw anything else.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/auth"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/auth_reply"
          }
        ]
      },
      "x-halyard-close-codes": {
        "1011": "An upgrade guard threw something other than an \`HttpError\` (logged at error).",
        "4401": "An upgrade guard threw \`UnauthorizedError\`; the reason is its message (\`Unknown token\`).",
        "4403": "An upgrade guard returned \`false\` (\`Access denied by <Guard>\`)."
      }
    },
    "ChatSocket_auth_expiring": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "The identity expires soon: answer with \`$auth\`, or the socket closes with 4401.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/auth_expiring"
        }
      ]
    },
    "ChatSocket_error": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "The server answers a rejected or failed message with an error frame.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
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
    "ChatSocket_heartbeat": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Heartbeat: the server answers \`$ping\` with \`$pong\` at once, on every socket.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/heartbeat_ping"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/heartbeat_pong"
          }
        ]
      }
    },
    "ChatSocket_kick": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Remove someone from the room (moderators)",
      "description": "Closes the member's socket with 4403 \`Removed by a moderator\` and tells the room. Anyone else gets \`HALYARD_ERR_FORBIDDEN\` and keeps their socket.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "x-halyard-guards": [
        "ModeratorGuard"
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/kick"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/kick_reply"
          }
        ]
      }
    },
    "ChatSocket_members": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Who is in the room",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
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
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/push_message_created"
        }
      ]
    },
    "ChatSocket_push_presence_joined": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Room presence: the server pushes \\"presence.joined\\" to the other members of a room.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
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
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
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
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/push_typing"
        }
      ]
    },
    "ChatSocket_send": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Send a message",
      "description": "Stores the message, replies with it, and pushes \`message.created\` to the other members. Idempotent per \`clientId\`: a re-sent message gets the stored one back and is not pushed again.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
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
    "ChatSocket_stream_reset": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "The server cannot replay a room: the client refetches it (never a silent gap).",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/stream_reset"
        }
      ]
    },
    "ChatSocket_stream_resume": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Resume: the server replays the pushes of stream rooms after the positions the client names.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/stream_resume"
        }
      ],
      "reply": {
        "channel": {
          "$ref": "#/channels/ChatSocket"
        },
        "messages": [
          {
            "$ref": "#/channels/ChatSocket/messages/stream_resume_reply"
          }
        ]
      }
    },
    "ChatSocket_stream_resumed": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "The replay of one room is complete; live pushes follow as usual.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/stream_resumed"
        }
      ]
    },
    "ChatSocket_stream_session": {
      "action": "send",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "The resume token of this connection: reconnect with it to stay the same member.",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
      "tags": [
        {
          "name": "chat"
        }
      ],
      "messages": [
        {
          "$ref": "#/channels/ChatSocket/messages/stream_session"
        }
      ]
    },
    "ChatSocket_typing": {
      "action": "receive",
      "channel": {
        "$ref": "#/channels/ChatSocket"
      },
      "summary": "Typing indicator",
      "security": [
        {
          "$ref": "#/components/securitySchemes/SocketTokenGuard"
        }
      ],
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
    "correlationIds": {
      "envelopeId": {
        "description": "The \`id\` a client puts on a request; the reply or error frame answering it carries the same value.",
        "location": "$message.payload#/id"
      }
    },
    "messages": {
      "BoardSocket_clear": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "examples": [
          {
            "name": "derived",
            "payload": {
              "type": "clear"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_clear",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {},
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "clear",
              "type": "string"
            }
          },
          "required": [
            "type"
          ],
          "type": "object"
        },
        "summary": "Clear the board",
        "title": "clear request"
      },
      "BoardSocket_clear_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": null,
              "id": "example",
              "to": "clear",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_clear_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "clear",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server acknowledges \\"clear\\" with \`data: null\`.",
        "title": "clear reply"
      },
      "BoardSocket_cursor": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "x": 0,
                "y": 0
              },
              "type": "cursor"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_cursor",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/CursorDto"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "cursor",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Move the pointer",
        "title": "cursor request"
      },
      "BoardSocket_cursor_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": null,
              "id": "example",
              "to": "cursor",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_cursor_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "cursor",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server acknowledges \\"cursor\\" with \`data: null\`.",
        "title": "cursor reply"
      },
      "BoardSocket_push_board_cleared": {
        "contentType": "application/json",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "name": "example"
              },
              "type": "board.cleared"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_push_board_cleared",
        "payload": {
          "additionalProperties": false,
          "dependencies": {
            "pos": [
              "room"
            ],
            "room": [
              "pos"
            ]
          },
          "properties": {
            "data": {
              "$ref": "#/components/schemas/BoardQuery"
            },
            "pos": {
              "$ref": "#/components/schemas/StreamPosition"
            },
            "room": {
              "description": "Only on a push to a stream room (a room matching a pattern of the channel's \`x-halyard-streams\`): the room, always with \`pos\`.",
              "type": "string"
            },
            "type": {
              "const": "board.cleared",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Someone cleared the board (data names who)",
        "title": "board.cleared"
      },
      "BoardSocket_push_board_snapshot": {
        "contentType": "application/json",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "strokes": [
                  {
                    "author": "example",
                    "color": "#3366ff",
                    "id": "example",
                    "points": [
                      {
                        "x": 0,
                        "y": 0
                      }
                    ],
                    "width": 1
                  }
                ]
              },
              "type": "board.snapshot"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_push_board_snapshot",
        "payload": {
          "additionalProperties": false,
          "dependencies": {
            "pos": [
              "room"
            ],
            "room": [
              "pos"
            ]
          },
          "properties": {
            "data": {
              "$ref": "#/components/schemas/BoardSnapshot"
            },
            "pos": {
              "$ref": "#/components/schemas/StreamPosition"
            },
            "room": {
              "description": "Only on a push to a stream room (a room matching a pattern of the channel's \`x-halyard-streams\`): the room, always with \`pos\`.",
              "type": "string"
            },
            "type": {
              "const": "board.snapshot",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Every stroke so far, sent once on connect",
        "title": "board.snapshot"
      },
      "BoardSocket_push_cursor_moved": {
        "contentType": "application/json",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "connectionId": "example",
                "name": "example",
                "x": 0,
                "y": 0
              },
              "type": "cursor.moved"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_push_cursor_moved",
        "payload": {
          "additionalProperties": false,
          "dependencies": {
            "pos": [
              "room"
            ],
            "room": [
              "pos"
            ]
          },
          "properties": {
            "data": {
              "$ref": "#/components/schemas/CursorEvent"
            },
            "pos": {
              "$ref": "#/components/schemas/StreamPosition"
            },
            "room": {
              "description": "Only on a push to a stream room (a room matching a pattern of the channel's \`x-halyard-streams\`): the room, always with \`pos\`.",
              "type": "string"
            },
            "type": {
              "const": "cursor.moved",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Someone's pointer moved",
        "title": "cursor.moved"
      },
      "BoardSocket_push_stroke_drawn": {
        "contentType": "application/json",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "author": "example",
                "color": "#3366ff",
                "id": "example",
                "points": [
                  {
                    "x": 0,
                    "y": 0
                  }
                ],
                "width": 1
              },
              "type": "stroke.drawn"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_push_stroke_drawn",
        "payload": {
          "additionalProperties": false,
          "dependencies": {
            "pos": [
              "room"
            ],
            "room": [
              "pos"
            ]
          },
          "properties": {
            "data": {
              "$ref": "#/components/schemas/DrawnStroke"
            },
            "pos": {
              "$ref": "#/components/schemas/StreamPosition"
            },
            "room": {
              "description": "Only on a push to a stream room (a room matching a pattern of the channel's \`x-halyard-streams\`): the room, always with \`pos\`.",
              "type": "string"
            },
            "type": {
              "const": "stroke.drawn",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Someone finished a stroke",
        "title": "stroke.drawn"
      },
      "BoardSocket_stroke": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "color": "#3366ff",
                "id": "example",
                "points": [
                  {
                    "x": 0,
                    "y": 0
                  }
                ],
                "width": 1
              },
              "type": "stroke"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_stroke",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/StrokeDto"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "stroke",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Draw a stroke",
        "title": "stroke request"
      },
      "BoardSocket_stroke_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": null,
              "id": "example",
              "to": "stroke",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "BoardSocket_stroke_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "stroke",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server acknowledges \\"stroke\\" with \`data: null\`.",
        "title": "stroke reply"
      },
      "ChatSocket_kick": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Closes the member's socket with 4403 \`Removed by a moderator\` and tells the room. Anyone else gets \`HALYARD_ERR_FORBIDDEN\` and keeps their socket.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "connectionId": "example"
              },
              "type": "kick"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_kick",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/KickDto"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "kick",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Remove someone from the room (moderators)",
        "title": "kick request"
      },
      "ChatSocket_kick_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": null,
              "id": "example",
              "to": "kick",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_kick_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "kick",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server acknowledges \\"kick\\" with \`data: null\`.",
        "title": "kick reply"
      },
      "ChatSocket_members": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "examples": [
          {
            "name": "derived",
            "payload": {
              "type": "members"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_members",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {},
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "members",
              "type": "string"
            }
          },
          "required": [
            "type"
          ],
          "type": "object"
        },
        "summary": "Who is in the room",
        "title": "members request"
      },
      "ChatSocket_members_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent when the handler returns a value, with the \`id\` of the request if it had one.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": [
                {
                  "id": "example",
                  "name": "example"
                }
              ],
              "id": "example",
              "to": "members",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_members_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "items": {
                "$ref": "#/components/schemas/MemberDto"
              },
              "type": "array"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "members",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server's answer to \\"members\\".",
        "title": "members reply"
      },
      "ChatSocket_push_message_created": {
        "contentType": "application/json",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "author": "example",
                "id": "00000000-0000-4000-8000-000000000000",
                "kind": "user",
                "roomId": "example",
                "sentAt": "2026-01-01T00:00:00.000Z",
                "text": "example"
              },
              "type": "message.created"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_push_message_created",
        "payload": {
          "additionalProperties": false,
          "dependencies": {
            "pos": [
              "room"
            ],
            "room": [
              "pos"
            ]
          },
          "properties": {
            "data": {
              "$ref": "#/components/schemas/MessageDto"
            },
            "pos": {
              "$ref": "#/components/schemas/StreamPosition"
            },
            "room": {
              "description": "Only on a push to a stream room (a room matching a pattern of the channel's \`x-halyard-streams\`): the room, always with \`pos\`.",
              "type": "string"
            },
            "type": {
              "const": "message.created",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "A message was posted to the room (over the socket or REST)",
        "title": "message.created"
      },
      "ChatSocket_push_typing": {
        "contentType": "application/json",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "connectionId": "example",
                "name": "example",
                "typing": true
              },
              "type": "typing"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_push_typing",
        "payload": {
          "additionalProperties": false,
          "dependencies": {
            "pos": [
              "room"
            ],
            "room": [
              "pos"
            ]
          },
          "properties": {
            "data": {
              "$ref": "#/components/schemas/TypingEvent"
            },
            "pos": {
              "$ref": "#/components/schemas/StreamPosition"
            },
            "room": {
              "description": "Only on a push to a stream room (a room matching a pattern of the channel's \`x-halyard-streams\`): the room, always with \`pos\`.",
              "type": "string"
            },
            "type": {
              "const": "typing",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Someone started or stopped typing",
        "title": "typing"
      },
      "ChatSocket_send": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Stores the message, replies with it, and pushes \`message.created\` to the other members. Idempotent per \`clientId\`: a re-sent message gets the stored one back and is not pushed again.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "text": "example"
              },
              "type": "send"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_send",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/SendDto"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "send",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Send a message",
        "title": "send request"
      },
      "ChatSocket_send_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent when the handler returns a value, with the \`id\` of the request if it had one.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "author": "example",
                "id": "00000000-0000-4000-8000-000000000000",
                "kind": "user",
                "roomId": "example",
                "sentAt": "2026-01-01T00:00:00.000Z",
                "text": "example"
              },
              "id": "example",
              "to": "send",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_send_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/MessageDto"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "send",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server's answer to \\"send\\".",
        "title": "send reply"
      },
      "ChatSocket_typing": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": {
                "typing": true
              },
              "type": "typing"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_typing",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/TypingDto"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "typing",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Typing indicator",
        "title": "typing request"
      },
      "ChatSocket_typing_reply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent once the handler has finished, only when the request carried an \`id\`.",
        "examples": [
          {
            "name": "derived",
            "payload": {
              "data": null,
              "id": "example",
              "to": "typing",
              "type": "reply"
            },
            "summary": "Built from the payload schema"
          }
        ],
        "name": "ChatSocket_typing_reply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "description": "Acknowledgement only: the handler answers nothing.",
              "type": "null"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "typing",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server acknowledges \\"typing\\" with \`data: null\`.",
        "title": "typing reply"
      },
      "ErrorFrame": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Answers a request instead of its reply, with the same \`id\`. Frames rejected before their \`id\` could be read (malformed JSON, binary, too large, rate limited) carry no \`id\`.",
        "examples": [
          {
            "name": "unknownType",
            "payload": {
              "error": {
                "code": "HALYARD_ERR_WS_UNKNOWN_TYPE",
                "details": {
                  "known": [
                    "chat"
                  ]
                },
                "message": "Unknown message type \\"shout\\""
              },
              "id": "t1",
              "type": "error"
            },
            "summary": "No handler for the message type"
          },
          {
            "name": "validation",
            "payload": {
              "error": {
                "code": "HALYARD_ERR_VALIDATION",
                "details": [
                  {
                    "constraint": "isLength",
                    "in": "message",
                    "message": "text must be longer than or equal to 1 characters",
                    "path": "text"
                  }
                ],
                "message": "message failed validation"
              },
              "id": "t2",
              "type": "error"
            },
            "summary": "\`data\` failed validation"
          }
        ],
        "name": "ErrorFrame",
        "payload": {
          "$ref": "#/components/schemas/ErrorFrame"
        },
        "summary": "A message was rejected or its handler failed.",
        "title": "error"
      },
      "HeartbeatPing": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Understood by every socket, whatever its handlers; \`$\`-prefixed types are reserved for the protocol. A browser cannot see WebSocket protocol pings, so clients use these to notice a dead connection.",
        "examples": [
          {
            "name": "ping",
            "payload": {
              "id": "h1",
              "type": "$ping"
            }
          }
        ],
        "name": "HeartbeatPing",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "$ping",
              "type": "string"
            }
          },
          "required": [
            "type"
          ],
          "type": "object"
        },
        "summary": "Application heartbeat: the client asks whether the connection is alive.",
        "title": "$ping"
      },
      "HeartbeatPong": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Understood by every socket, whatever its handlers; \`$\`-prefixed types are reserved for the protocol. A browser cannot see WebSocket protocol pings, so clients use these to notice a dead connection.",
        "examples": [
          {
            "name": "pong",
            "payload": {
              "id": "h1",
              "type": "$pong"
            }
          }
        ],
        "name": "HeartbeatPong",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "type": {
              "const": "$pong",
              "type": "string"
            }
          },
          "required": [
            "type"
          ],
          "type": "object"
        },
        "summary": "The server answers \`$ping\` at once, with the same \`id\`.",
        "title": "$pong"
      },
      "PresenceJoined": {
        "contentType": "application/json",
        "description": "Sent by the hub to the other members of a room when a connection calls \`conn.join\` / \`conn.leave\` or disconnects; \`member.data\` is what that connection set as \`conn.presence\`.",
        "examples": [
          {
            "name": "joined",
            "payload": {
              "data": {
                "member": {
                  "data": {
                    "name": "bob"
                  },
                  "id": "c2"
                },
                "room": "game:7"
              },
              "type": "presence.joined"
            }
          }
        ],
        "name": "PresenceJoined",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/PresenceEvent"
            },
            "type": {
              "const": "presence.joined",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Another connection joined a room this connection is in.",
        "title": "presence.joined"
      },
      "PresenceLeft": {
        "contentType": "application/json",
        "description": "Sent by the hub to the other members of a room when a connection calls \`conn.join\` / \`conn.leave\` or disconnects; \`member.data\` is what that connection set as \`conn.presence\`.",
        "examples": [
          {
            "name": "left",
            "payload": {
              "data": {
                "member": {
                  "data": {
                    "name": "bob"
                  },
                  "id": "c2"
                },
                "room": "game:7"
              },
              "type": "presence.left"
            }
          }
        ],
        "name": "PresenceLeft",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "$ref": "#/components/schemas/PresenceEvent"
            },
            "type": {
              "const": "presence.left",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "Another connection left a room this connection is in.",
        "title": "presence.left"
      },
      "Reauth": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "The route's upgrade guards run again with the credential put where each guard's \`static security\` reads one (query key, header, cookie, \`Authorization: Bearer\`). Every guard passed: the reply, and handlers see the new identity from the next message on. A guard refused: the socket closes (\`x-halyard-close-codes\` of this operation). \`data\` of another shape: the error frame \`HALYARD_ERR_WS_BAD_ENVELOPE\`, the socket stays open and the identity unchanged. Frames of one connection's \`$auth\` are handled in arrival order.",
        "examples": [
          {
            "name": "refresh",
            "payload": {
              "data": {
                "credential": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbm4ifQ.c2lnbmF0dXJl"
              },
              "id": "a1",
              "type": "$auth"
            }
          }
        ],
        "name": "Reauth",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "credential": {
                  "description": "The new credential, as the guards read it at the upgrade (a token, an API key).",
                  "maxLength": 8192,
                  "minLength": 1,
                  "type": "string"
                }
              },
              "required": [
                "credential"
              ],
              "type": "object"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "$auth",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "The client replaces its credential on the open socket, without reconnecting.",
        "title": "$auth"
      },
      "ReauthExpiring": {
        "contentType": "application/json",
        "description": "Pushed \`websocket.expiryWarningMs\` (default 30 000) before the expiry an upgrade guard gave the identity (\`ctx.setIdentity(user, { expiresAt })\`), at once when it is closer. Without a successful \`$auth\` by then, the socket closes with 4401 \`Credential expired\`.",
        "examples": [
          {
            "name": "expiring",
            "payload": {
              "data": {
                "expiresAt": "2026-12-02T05:30:00.000Z",
                "inMs": 29998
              },
              "type": "$expiring"
            }
          }
        ],
        "name": "ReauthExpiring",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "expiresAt": {
                  "description": "When the socket closes with 4401 unless a \`$auth\` succeeds first.",
                  "format": "date-time",
                  "type": "string"
                },
                "inMs": {
                  "description": "Milliseconds left when the push was sent.",
                  "minimum": 0,
                  "type": "integer"
                }
              },
              "required": [
                "expiresAt",
                "inMs"
              ],
              "type": "object"
            },
            "type": {
              "const": "$expiring",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "The connection's identity expires soon: send \`$auth\` with a fresh credential before \`expiresAt\`.",
        "title": "$expiring"
      },
      "ReauthReply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Sent for every accepted \`$auth\`, with its \`id\` when it had one. \`expiresAt\` is the new identity's end (the next \`$expiring\` comes before it), \`null\` when the guards set none.",
        "examples": [
          {
            "name": "accepted",
            "payload": {
              "data": {
                "expiresAt": "2026-12-02T05:30:00.000Z"
              },
              "id": "a1",
              "to": "$auth",
              "type": "reply"
            }
          }
        ],
        "name": "ReauthReply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "expiresAt": {
                  "anyOf": [
                    {
                      "description": "When the new identity expires.",
                      "format": "date-time",
                      "type": "string"
                    },
                    {
                      "type": "null"
                    }
                  ]
                }
              },
              "required": [
                "expiresAt"
              ],
              "type": "object"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "$auth",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "Every upgrade guard accepted the new credential: the identity is replaced.",
        "title": "$auth reply"
      },
      "StreamReset": {
        "contentType": "application/json",
        "description": "\`expired\`: the position is older than the window; \`epoch\`: the log was lost since; \`ahead\`: the position is past the last message; \`unavailable\`: the log could not be read (or too many rooms wait for a join); \`not-a-stream\`: the room matches no \`x-halyard-streams\` pattern. \`position\` (absent for the last two) is where the log stands now. Drop what was held for the room, refetch it (e.g. over REST with \`hub.position(room)\`) and resume from there.",
        "examples": [
          {
            "name": "expired",
            "payload": {
              "data": {
                "position": {
                  "epoch": "3f9c0a7d1b2e4c55",
                  "offset": 1020
                },
                "reason": "expired",
                "room": "room:42"
              },
              "type": "$reset"
            }
          }
        ],
        "name": "StreamReset",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "position": {
                  "$ref": "#/components/schemas/StreamPosition"
                },
                "reason": {
                  "enum": [
                    "expired",
                    "epoch",
                    "ahead",
                    "unavailable",
                    "not-a-stream"
                  ],
                  "type": "string"
                },
                "room": {
                  "type": "string"
                }
              },
              "required": [
                "room",
                "reason"
              ],
              "type": "object"
            },
            "type": {
              "const": "$reset",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "The server cannot replay what the client missed in one room: never a silent gap.",
        "title": "$reset"
      },
      "StreamResume": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "Any time on an open socket (\`@halyard/client\` sends it first after each open). At most 100 rooms of 1-256 characters, otherwise the error frame \`HALYARD_ERR_WS_RESUME_INVALID\` answers and nothing else happens. For a room the connection is in, the missed pushes follow (each as it was sent, with \`room\` and \`pos\`), then \`$resumed\`; a room it joins later is replayed at the join; when the pushes in between are gone, \`$reset\` names the room. Live pushes keep coming meanwhile: hold a room's pushes from \`$resume\` until its \`$resumed\`, then process them sorted by \`pos.offset\`, skipping offsets already seen.",
        "examples": [
          {
            "name": "resume",
            "payload": {
              "data": {
                "rooms": {
                  "room:42": {
                    "epoch": "3f9c0a7d1b2e4c55",
                    "offset": 17
                  }
                }
              },
              "id": "r1",
              "type": "$resume"
            }
          }
        ],
        "name": "StreamResume",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "rooms": {
                  "additionalProperties": {
                    "$ref": "#/components/schemas/StreamPosition"
                  },
                  "description": "Room name → the position of the last push the client processed in it.",
                  "maxProperties": 100,
                  "propertyNames": {
                    "maxLength": 256,
                    "minLength": 1,
                    "type": "string"
                  },
                  "type": "object"
                }
              },
              "required": [
                "rooms"
              ],
              "type": "object"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "traceparent": {
              "$ref": "#/components/schemas/TraceParent"
            },
            "tracestate": {
              "$ref": "#/components/schemas/TraceState"
            },
            "type": {
              "const": "$resume",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "The client asks for the pushes of stream rooms it missed, after the positions it saw last.",
        "title": "$resume"
      },
      "StreamResumeReply": {
        "contentType": "application/json",
        "correlationId": {
          "$ref": "#/components/correlationIds/envelopeId"
        },
        "description": "\`replaying\`: the connection is in the room, its replay is under way and ends with \`$resumed\`; \`pending\`: replayed when the connection joins the room; \`reset\`: answered with \`$reset\` at once.",
        "examples": [
          {
            "name": "replaying",
            "payload": {
              "data": {
                "rooms": {
                  "room:42": "replaying"
                }
              },
              "id": "r1",
              "to": "$resume",
              "type": "reply"
            }
          }
        ],
        "name": "StreamResumeReply",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "rooms": {
                  "additionalProperties": {
                    "enum": [
                      "replaying",
                      "pending",
                      "reset"
                    ],
                    "type": "string"
                  },
                  "type": "object"
                }
              },
              "required": [
                "rooms"
              ],
              "type": "object"
            },
            "id": {
              "$ref": "#/components/schemas/MessageId"
            },
            "to": {
              "const": "$resume",
              "type": "string"
            },
            "type": {
              "const": "reply",
              "type": "string"
            }
          },
          "required": [
            "type",
            "id",
            "to",
            "data"
          ],
          "type": "object"
        },
        "summary": "What happens to each room of a \`$resume\`; sent only when the request had an \`id\`.",
        "title": "$resume reply"
      },
      "StreamResumed": {
        "contentType": "application/json",
        "description": "\`position\` is where the room's log stands after the replay: resume from it next time. Release the pushes held since \`$resume\`, sorted by \`pos.offset\`, skipping offsets already processed.",
        "examples": [
          {
            "name": "resumed",
            "payload": {
              "data": {
                "position": {
                  "epoch": "3f9c0a7d1b2e4c55",
                  "offset": 20
                },
                "replayed": 3,
                "room": "room:42"
              },
              "type": "$resumed"
            }
          }
        ],
        "name": "StreamResumed",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "position": {
                  "$ref": "#/components/schemas/StreamPosition"
                },
                "replayed": {
                  "description": "How many pushes were sent again.",
                  "minimum": 0,
                  "type": "integer"
                },
                "room": {
                  "type": "string"
                }
              },
              "required": [
                "room",
                "position",
                "replayed"
              ],
              "type": "object"
            },
            "type": {
              "const": "$resumed",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "The replay of one room is complete: every missed push was sent again, in order.",
        "title": "$resumed"
      },
      "StreamSession": {
        "contentType": "application/json",
        "description": "Reconnect with it as the query parameter \`halyard_session\` (\`@halyard/client\` does): the new connection, on any instance, continues as the same connection id, so the rooms its \`@OnConnect\` joins again carry on without \`presence.left\` + \`presence.joined\` for the other members, and its old connection (if its instance still counts it) is dropped without a close handshake. A token that is not valid is ignored: the connection gets a new id. Keep it secret: it lets its holder continue as that connection.",
        "examples": [
          {
            "name": "session",
            "payload": {
              "data": {
                "token": "0b9c4a8e-2f1d-4c3b-9a7e-5d6f8e9a0b1c.xqK3Wb0m1yJp2r8T5vN6cLd9Qe4Hs7Fa0gUiOkZjBnM"
              },
              "type": "$session"
            }
          }
        ],
        "name": "StreamSession",
        "payload": {
          "additionalProperties": false,
          "properties": {
            "data": {
              "additionalProperties": false,
              "properties": {
                "token": {
                  "maxLength": 128,
                  "type": "string"
                }
              },
              "required": [
                "token"
              ],
              "type": "object"
            },
            "type": {
              "const": "$session",
              "type": "string"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "type": "object"
        },
        "summary": "The connection's resume token: the first frame of every connection of an app with stream rooms.",
        "title": "$session"
      }
    },
    "schemas": {
      "BoardQuery": {
        "additionalProperties": false,
        "properties": {
          "name": {
            "maxLength": 40,
            "minLength": 1,
            "type": "string"
          }
        },
        "required": [
          "name"
        ],
        "title": "BoardQuery",
        "type": "object"
      },
      "BoardSnapshot": {
        "additionalProperties": false,
        "properties": {
          "strokes": {
            "items": {
              "$ref": "#/components/schemas/DrawnStroke"
            },
            "type": "array"
          }
        },
        "required": [
          "strokes"
        ],
        "title": "BoardSnapshot",
        "type": "object"
      },
      "CursorDto": {
        "additionalProperties": false,
        "properties": {
          "x": {
            "maximum": 1,
            "minimum": 0,
            "type": "number"
          },
          "y": {
            "maximum": 1,
            "minimum": 0,
            "type": "number"
          }
        },
        "required": [
          "x",
          "y"
        ],
        "title": "CursorDto",
        "type": "object"
      },
      "CursorEvent": {
        "additionalProperties": false,
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
        "title": "CursorEvent",
        "type": "object"
      },
      "DrawnStroke": {
        "additionalProperties": false,
        "properties": {
          "author": {
            "type": "string"
          },
          "color": {
            "pattern": "^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$",
            "type": "string"
          },
          "id": {
            "maxLength": 64,
            "minLength": 1,
            "type": "string"
          },
          "points": {
            "items": {
              "$ref": "#/components/schemas/PointDto"
            },
            "maxItems": 2000,
            "minItems": 1,
            "type": "array"
          },
          "width": {
            "maximum": 40,
            "minimum": 1,
            "type": "integer"
          }
        },
        "required": [
          "id",
          "color",
          "width",
          "points",
          "author"
        ],
        "title": "DrawnStroke",
        "type": "object"
      },
      "ErrorBody": {
        "additionalProperties": false,
        "description": "What went wrong with one message.",
        "properties": {
          "code": {
            "$ref": "#/components/schemas/ErrorCode"
          },
          "details": {
            "description": "Extra information, present for some codes: field errors \`[{ in, path, constraint, message }]\` (at most 100) for \`HALYARD_ERR_VALIDATION\`, \`{ known }\` for \`HALYARD_ERR_WS_UNKNOWN_TYPE\`, \`{ retryAfterMs }\` for \`HALYARD_ERR_WS_RATE_LIMITED\`, \`{ reason }\` for \`HALYARD_ERR_WS_MALFORMED_JSON\`."
          },
          "errorsOmitted": {
            "description": "How many field errors follow the 100 listed in \`details\`; absent when \`details\` lists all.",
            "minimum": 1,
            "type": "integer"
          },
          "message": {
            "description": "Human-readable; do not parse it.",
            "type": "string"
          }
        },
        "required": [
          "code",
          "message"
        ],
        "title": "ErrorBody",
        "type": "object"
      },
      "ErrorCode": {
        "anyOf": [
          {
            "enum": [
              "HALYARD_ERR_VALIDATION",
              "HALYARD_ERR_INTERNAL",
              "HALYARD_ERR_NOT_FOUND",
              "HALYARD_ERR_BAD_REQUEST",
              "HALYARD_ERR_UNAUTHORIZED",
              "HALYARD_ERR_FORBIDDEN",
              "HALYARD_ERR_CONFLICT",
              "HALYARD_ERR_PAYLOAD_TOO_LARGE",
              "HALYARD_ERR_WS_MALFORMED_JSON",
              "HALYARD_ERR_WS_BINARY_UNSUPPORTED",
              "HALYARD_ERR_WS_BAD_ENVELOPE",
              "HALYARD_ERR_WS_UNKNOWN_TYPE",
              "HALYARD_ERR_WS_RATE_LIMITED",
              "HALYARD_ERR_WS_RESUME_INVALID",
              "HALYARD_ERR_WS_SHUTTING_DOWN",
              "HALYARD_ERR_WS_ROOM_FORBIDDEN",
              "HALYARD_ERR_WS_UNKNOWN_REQUEST"
            ],
            "type": "string"
          },
          {
            "description": "An application's own code.",
            "type": "string"
          }
        ],
        "description": "Stable machine-readable code. Halyard sends these itself:\\n\\n- \`HALYARD_ERR_VALIDATION\`: \`data\` failed validation (\`details\` lists field errors)\\n- \`HALYARD_ERR_INTERNAL\`: the handler failed unexpectedly; details are only logged\\n- \`HALYARD_ERR_NOT_FOUND\`: the handler threw \`NotFoundError\`\\n- \`HALYARD_ERR_BAD_REQUEST\`: the handler threw \`BadRequestError\`\\n- \`HALYARD_ERR_UNAUTHORIZED\`: the handler threw \`UnauthorizedError\`\\n- \`HALYARD_ERR_FORBIDDEN\`: the handler threw \`ForbiddenError\`\\n- \`HALYARD_ERR_CONFLICT\`: the handler threw \`ConflictError\`\\n- \`HALYARD_ERR_PAYLOAD_TOO_LARGE\`: the frame exceeds \`maxPayload\`; the socket then closes 1009\\n- \`HALYARD_ERR_WS_MALFORMED_JSON\`: the frame is not valid JSON (\`details.reason\`)\\n- \`HALYARD_ERR_WS_BINARY_UNSUPPORTED\`: a binary frame arrived; only JSON text frames are accepted\\n- \`HALYARD_ERR_WS_BAD_ENVELOPE\`: the envelope is not \`{ type, id?, data? }\`, or \`type\` is missing\\n- \`HALYARD_ERR_WS_UNKNOWN_TYPE\`: no handler for \`type\` (\`details.known\` lists the types)\\n- \`HALYARD_ERR_WS_RATE_LIMITED\`: too many messages (\`details.retryAfterMs\`); repeated, the socket closes 1008\\n- \`HALYARD_ERR_WS_RESUME_INVALID\`: a \`$resume\` frame whose \`data\` is not \`{ rooms: { [room]: { offset, epoch } } }\` (at most 100 rooms)\\n- \`HALYARD_ERR_WS_SHUTTING_DOWN\`: a message arrived while the server shuts down; its handler did not run\\n- \`HALYARD_ERR_WS_ROOM_FORBIDDEN\`: a room policy refused \`conn.join(room)\` and the handler did not catch it\\n- \`HALYARD_ERR_WS_UNKNOWN_REQUEST\`: a \`$reply\` / \`$error\` whose \`id\` names no server request awaiting an answer (it timed out, was answered already, or was never asked)\\n\\nA handler that throws \`HttpError\` sends its own code (\`HTTP_<status>\` by default).",
        "title": "ErrorCode"
      },
      "ErrorFrame": {
        "additionalProperties": false,
        "description": "Sent instead of a reply when a message is rejected or its handler fails; carries the request \`id\` when the request had one.",
        "properties": {
          "error": {
            "$ref": "#/components/schemas/ErrorBody"
          },
          "id": {
            "$ref": "#/components/schemas/MessageId"
          },
          "type": {
            "const": "error",
            "type": "string"
          }
        },
        "required": [
          "type",
          "error"
        ],
        "title": "ErrorFrame",
        "type": "object"
      },
      "KickDto": {
        "additionalProperties": false,
        "properties": {
          "connectionId": {
            "maxLength": 64,
            "minLength": 1,
            "type": "string"
          }
        },
        "required": [
          "connectionId"
        ],
        "title": "KickDto",
        "type": "object"
      },
      "MemberDto": {
        "additionalProperties": false,
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
        "title": "MemberDto",
        "type": "object"
      },
      "MessageDto": {
        "additionalProperties": false,
        "properties": {
          "author": {
            "type": "string"
          },
          "id": {
            "format": "uuid",
            "type": "string"
          },
          "kind": {
            "enum": [
              "user",
              "system"
            ],
            "type": "string"
          },
          "roomId": {
            "type": "string"
          },
          "sentAt": {
            "format": "date-time",
            "type": "string"
          },
          "text": {
            "type": "string"
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
        "title": "MessageDto",
        "type": "object"
      },
      "MessageId": {
        "anyOf": [
          {
            "maxLength": 128,
            "type": "string"
          },
          {
            "type": "number"
          }
        ],
        "description": "Chosen by the client; the reply or error frame to the message carries the same \`id\`.",
        "title": "MessageId"
      },
      "PointDto": {
        "additionalProperties": false,
        "properties": {
          "x": {
            "maximum": 1,
            "minimum": 0,
            "type": "number"
          },
          "y": {
            "maximum": 1,
            "minimum": 0,
            "type": "number"
          }
        },
        "required": [
          "x",
          "y"
        ],
        "title": "PointDto",
        "type": "object"
      },
      "PresenceEvent": {
        "additionalProperties": false,
        "description": "A connection joined or left a room this connection is in.",
        "properties": {
          "member": {
            "additionalProperties": false,
            "properties": {
              "data": {
                "description": "What the connection set as \`conn.presence\`.",
                "type": "object"
              },
              "id": {
                "description": "Connection id.",
                "type": "string"
              }
            },
            "required": [
              "id"
            ],
            "type": "object"
          },
          "room": {
            "type": "string"
          }
        },
        "required": [
          "room",
          "member"
        ],
        "title": "PresenceEvent",
        "type": "object"
      },
      "SendDto": {
        "additionalProperties": false,
        "properties": {
          "clientId": {
            "pattern": "^[A-Za-z0-9_-]{8,64}$",
            "type": "string"
          },
          "text": {
            "maxLength": 2000,
            "minLength": 1,
            "type": "string"
          }
        },
        "required": [
          "text"
        ],
        "title": "SendDto",
        "type": "object"
      },
      "StreamPosition": {
        "additionalProperties": false,
        "description": "Where a message sits in a stream room's log: \`offset\` counts the room's messages from 1 (0: before the first), \`epoch\` names the log and changes when the server lost it (a Redis flush, a memory-adapter restart).",
        "properties": {
          "epoch": {
            "pattern": "^[A-Za-z0-9]{1,64}$",
            "type": "string"
          },
          "offset": {
            "minimum": 0,
            "type": "integer"
          }
        },
        "required": [
          "offset",
          "epoch"
        ],
        "title": "StreamPosition",
        "type": "object"
      },
      "StrokeDto": {
        "additionalProperties": false,
        "properties": {
          "color": {
            "pattern": "^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$",
            "type": "string"
          },
          "id": {
            "maxLength": 64,
            "minLength": 1,
            "type": "string"
          },
          "points": {
            "items": {
              "$ref": "#/components/schemas/PointDto"
            },
            "maxItems": 2000,
            "minItems": 1,
            "type": "array"
          },
          "width": {
            "maximum": 40,
            "minimum": 1,
            "type": "integer"
          }
        },
        "required": [
          "id",
          "color",
          "width",
          "points"
        ],
        "title": "StrokeDto",
        "type": "object"
      },
      "TraceParent": {
        "description": "Optional on every client message: the sender's W3C Trace Context \`traceparent\` (\`00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>\`). With \`@halyard/tracing\` the server's span for the message continues that trace (the OpenTelemetry messaging conventions' context propagation: the creation context travels with the message); a value that is not a valid version-00 traceparent is ignored, not refused. Without tracing it is accepted and unused. Longer than 55 characters or not a string: \`HALYARD_ERR_WS_BAD_ENVELOPE\`.",
        "examples": [
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        ],
        "maxLength": 55,
        "title": "TraceParent",
        "type": "string"
      },
      "TraceState": {
        "description": "Optional, with \`traceparent\`: the W3C Trace Context \`tracestate\` (vendor \`key=value\` pairs, comma-separated). Longer than 512 characters or not a string: \`HALYARD_ERR_WS_BAD_ENVELOPE\`.",
        "examples": [
          "rojo=00f067aa0ba902b7"
        ],
        "maxLength": 512,
        "title": "TraceState",
        "type": "string"
      },
      "TypingDto": {
        "additionalProperties": false,
        "properties": {
          "typing": {
            "type": "boolean"
          }
        },
        "required": [
          "typing"
        ],
        "title": "TypingDto",
        "type": "object"
      },
      "TypingEvent": {
        "additionalProperties": false,
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
        "title": "TypingEvent",
        "type": "object"
      }
    },
    "securitySchemes": {
      "SocketTokenGuard": {
        "description": "A session token from \`POST /api/login\`; optional for public rooms (guests), required for private ones.",
        "in": "query",
        "name": "token",
        "type": "httpApiKey"
      }
    }
  }
}
`
