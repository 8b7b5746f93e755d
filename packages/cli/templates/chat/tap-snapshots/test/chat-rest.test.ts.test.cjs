/* IMPORTANT
 * This snapshot file is auto-generated, but designed for humans.
 * It should be checked into source control and tracked carefully.
 * Re-generate by setting TAP_SNAPSHOT=1 and running tests.
 * Make sure to inspect the output below.  Do not ignore changes!
 */
'use strict'
exports[`test/chat-rest.test.ts > TAP > the OpenAPI document is valid and matches the snapshot > apps/chat openapi.json 1`] = `
{
  "openapi": "3.1.0",
  "info": {
    "title": "Halyard Chat",
    "version": "1.0.0",
    "description": "Rooms and messages over REST, live rooms and a shared whiteboard over WebSocket."
  },
  "tags": [
    {
      "name": "rooms"
    }
  ],
  "paths": {
    "/api/rooms": {
      "get": {
        "operationId": "RoomsController_list",
        "summary": "List rooms",
        "tags": [
          "rooms"
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
        "description": "Creates a chat room; its id is used in the room socket path \`/ws/rooms/{roomId}\`.",
        "tags": [
          "rooms"
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
        "description": "The latest messages of a room, oldest first; page backwards with \`before\`.",
        "tags": [
          "rooms"
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
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/MessageDto"
                  }
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
        "title": "CreateRoomDto",
        "type": "object",
        "properties": {
          "id": {
            "type": "string",
            "pattern": "^[a-z0-9-]{2,32}$"
          },
          "title": {
            "type": "string",
            "minLength": 1,
            "maxLength": 60
          },
          "topic": {
            "type": "string",
            "minLength": 0,
            "maxLength": 200
          }
        },
        "required": [
          "id",
          "title"
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
      "PostMessageDto": {
        "title": "PostMessageDto",
        "type": "object",
        "properties": {
          "author": {
            "type": "string",
            "minLength": 1,
            "maxLength": 40
          },
          "text": {
            "type": "string",
            "minLength": 1,
            "maxLength": 2000
          }
        },
        "required": [
          "author",
          "text"
        ],
        "additionalProperties": false
      },
      "Problem": {
        "title": "Problem",
        "description": "RFC 9457 problem details. \`code\` is a stable HALYARD_ERR_* code.",
        "type": "object",
        "properties": {
          "type": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "instance": {
            "type": "string"
          },
          "code": {
            "type": "string"
          },
          "errors": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "in": {
                  "type": "string",
                  "enum": [
                    "body",
                    "query",
                    "params",
                    "headers"
                  ]
                },
                "path": {
                  "type": "string"
                },
                "constraint": {
                  "type": "string"
                },
                "message": {
                  "type": "string"
                }
              },
              "required": [
                "in",
                "path",
                "constraint",
                "message"
              ]
            }
          }
        },
        "required": [
          "type",
          "title",
          "status",
          "code"
        ]
      },
      "RoomDto": {
        "title": "RoomDto",
        "type": "object",
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "topic": {
            "type": "string"
          },
          "messageCount": {
            "type": "integer",
            "minimum": 0
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          }
        },
        "required": [
          "id",
          "title",
          "topic",
          "messageCount",
          "createdAt"
        ],
        "additionalProperties": false
      }
    }
  }
}
`
