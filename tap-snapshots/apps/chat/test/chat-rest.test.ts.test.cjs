/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`apps/chat/test/chat-rest.test.ts > TAP > the OpenAPI document is valid and the chat's paths match the snapshot > apps/chat openapi.json: the chat's paths and their components 1`] = `
{
  "paths": {
    "/api/rooms": {
      "get": {
        "operationId": "RoomsController_list",
        "summary": "List rooms",
        "description": "The public rooms, and the private rooms the session is a member of.",
        "tags": [
          "rooms"
        ],
        "security": [
          {
            "SessionGuard": []
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/RoomDto"
                  }
                }
              }
            }
          },
          "401": {
            "description": "Unauthorized",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "Forbidden",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "500": {
            "description": "Internal Server Error",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "RoomsController_create",
        "summary": "Create a room",
        "description": "Creates a chat room; its id is used in the room socket path \`/ws/rooms/{roomId}\`. A \`private\` room needs a session: its creator is its first member and invites the others.",
        "tags": [
          "rooms"
        ],
        "security": [
          {
            "SessionGuard": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CreateRoomDto"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RoomDto"
                }
              }
            }
          },
          "400": {
            "description": "Bad Request",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "Unauthorized",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "Forbidden",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "500": {
            "description": "Internal Server Error",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        }
      }
    },
    "/api/rooms/{roomId}": {
      "get": {
        "operationId": "RoomsController_get",
        "summary": "Get a room",
        "tags": [
          "rooms"
        ],
        "security": [
          {
            "SessionGuard": []
          }
        ],
        "parameters": [
          {
            "name": "roomId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/RoomDto"
                }
              }
            }
          },
          "400": {
            "description": "Bad Request",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "Unauthorized",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "Forbidden",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "500": {
            "description": "Internal Server Error",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "RoomsController_remove",
        "summary": "Delete a room",
        "description": "Deletes the room and disconnects everyone in it with close code 4410.",
        "tags": [
          "rooms"
        ],
        "security": [
          {
            "SessionGuard": []
          }
        ],
        "parameters": [
          {
            "name": "roomId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "204": {
            "description": "No Content"
          },
          "400": {
            "description": "Bad Request",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "Unauthorized",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "Forbidden",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "500": {
            "description": "Internal Server Error",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        }
      }
    },
    "/api/rooms/{roomId}/messages": {
      "get": {
        "operationId": "RoomsController_history",
        "summary": "Message history",
        "description": "The latest messages of a room, oldest first; page backwards with \`before\`. \`position\` is the room socket's position, read before the messages: connect and \`resumeFrom\` it to get every later message over the socket (a message stored during the read may be in both: skip it by id).",
        "tags": [
          "rooms"
        ],
        "security": [
          {
            "SessionGuard": []
          }
        ],
        "parameters": [
          {
            "name": "roomId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 200
            }
          },
          {
            "name": "before",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/HistoryPage"
                }
              }
            }
          },
          "400": {
            "description": "Bad Request",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "Unauthorized",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "Forbidden",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "500": {
            "description": "Internal Server Error",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        }
      },
      "post": {
        "operationId": "RoomsController_post",
        "summary": "Post a message",
        "description": "Stores the message and pushes \`message.created\` to everyone connected to the room.",
        "tags": [
          "rooms"
        ],
        "security": [
          {
            "SessionGuard": []
          }
        ],
        "parameters": [
          {
            "name": "roomId",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/PostMessageDto"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MessageDto"
                }
              }
            }
          },
          "400": {
            "description": "Bad Request",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "401": {
            "description": "Unauthorized",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "403": {
            "description": "Forbidden",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          },
          "500": {
            "description": "Internal Server Error",
            "content": {
              "application/problem+json": {
                "schema": {
                  "$ref": "#/components/schemas/Problem"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "CreateRoomDto": {
        "additionalProperties": false,
        "properties": {
          "id": {
            "pattern": "^[a-z0-9-]{2,32}$",
            "type": "string"
          },
          "private": {
            "type": "boolean"
          },
          "title": {
            "maxLength": 60,
            "minLength": 1,
            "type": "string"
          },
          "topic": {
            "maxLength": 200,
            "minLength": 0,
            "type": "string"
          }
        },
        "required": [
          "id",
          "title"
        ],
        "title": "CreateRoomDto",
        "type": "object"
      },
      "HistoryPage": {
        "additionalProperties": false,
        "properties": {
          "messages": {
            "items": {
              "$ref": "#/components/schemas/MessageDto"
            },
            "type": "array"
          },
          "position": {
            "$ref": "#/components/schemas/StreamPositionDto"
          }
        },
        "required": [
          "messages",
          "position"
        ],
        "title": "HistoryPage",
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
      "PostMessageDto": {
        "additionalProperties": false,
        "properties": {
          "author": {
            "maxLength": 40,
            "minLength": 1,
            "type": "string"
          },
          "text": {
            "maxLength": 2000,
            "minLength": 1,
            "type": "string"
          }
        },
        "required": [
          "author",
          "text"
        ],
        "title": "PostMessageDto",
        "type": "object"
      },
      "Problem": {
        "description": "RFC 9457 problem details. \`code\` is a stable HALYARD_ERR_* code.",
        "properties": {
          "code": {
            "type": "string"
          },
          "detail": {
            "type": "string"
          },
          "errors": {
            "description": "The failed constraints, at most 100; \`errorsOmitted\` counts the others.",
            "items": {
              "properties": {
                "constraint": {
                  "type": "string"
                },
                "in": {
                  "enum": [
                    "body",
                    "query",
                    "params",
                    "headers"
                  ],
                  "type": "string"
                },
                "message": {
                  "type": "string"
                },
                "path": {
                  "type": "string"
                }
              },
              "required": [
                "in",
                "path",
                "constraint",
                "message"
              ],
              "type": "object"
            },
            "maxItems": 100,
            "type": "array"
          },
          "errorsOmitted": {
            "description": "How many failed constraints follow those in \`errors\`; absent when \`errors\` lists all.",
            "minimum": 1,
            "type": "integer"
          },
          "instance": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "title": {
            "type": "string"
          },
          "type": {
            "type": "string"
          }
        },
        "required": [
          "type",
          "title",
          "status",
          "code"
        ],
        "title": "Problem",
        "type": "object"
      },
      "RoomDto": {
        "additionalProperties": false,
        "properties": {
          "createdAt": {
            "format": "date-time",
            "type": "string"
          },
          "id": {
            "type": "string"
          },
          "messageCount": {
            "minimum": 0,
            "type": "integer"
          },
          "private": {
            "type": "boolean"
          },
          "title": {
            "type": "string"
          },
          "topic": {
            "type": "string"
          }
        },
        "required": [
          "id",
          "title",
          "topic",
          "private",
          "messageCount",
          "createdAt"
        ],
        "title": "RoomDto",
        "type": "object"
      },
      "StreamPositionDto": {
        "additionalProperties": false,
        "properties": {
          "epoch": {
            "pattern": "^[A-Za-z0-9]{1,64}$",
            "type": "string"
          },
          "offset": {
            "maximum": 9007199254740991,
            "minimum": 0,
            "type": "integer"
          }
        },
        "required": [
          "offset",
          "epoch"
        ],
        "title": "StreamPositionDto",
        "type": "object"
      }
    }
  }
}
`
