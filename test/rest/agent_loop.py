"""The agent loop over the coordinator's REST API from Python's standard library only (urllib + json).

Every path and method is looked up by operationId (the MCP tool name) in /api/openapi.json, so the
script knows nothing of the routes beforehand. Usage: python3 agent_loop.py BASE_URL [TOKEN [PROJECT]].
Prints one JSON object of what it saw; exits 1 with the reason on the first surprise.
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

BASE = sys.argv[1].rstrip("/")
TOKEN = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
PROJECT = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None


def http(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if TOKEN:
        request.add_header("Authorization", "Bearer " + TOKEN)
    if PROJECT:
        request.add_header("X-Coordinator-Project", PROJECT)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), json.loads(error.read() or b"null")


def expect(condition, message):
    if not condition:
        print("FAILED: " + message, file=sys.stderr)
        sys.exit(1)


_, _, document = http("GET", BASE + "/api/openapi.json")
expect(document.get("openapi", "").startswith("3.1"), "the document is not OpenAPI 3.1")
OPERATIONS = {}
for path, item in document["paths"].items():
    for method, operation in item.items():
        OPERATIONS[operation["operationId"]] = (method.upper(), path)


def call(operation_id, arguments=None, headers=None):
    """One tool call: path fields go into the path, the rest into the query (GET, DELETE) or the JSON body."""
    method, template = OPERATIONS[operation_id]
    rest = dict(arguments or {})
    path = template
    for name in [part[1:-1] for part in template.split("/") if part.startswith("{")]:
        path = path.replace("{" + name + "}", urllib.parse.quote(str(rest.pop(name)), safe=""))
    if method in ("GET", "DELETE"):
        query = urllib.parse.urlencode(rest, doseq=True)
        return http(method, BASE + path + ("?" + query if query else ""), None, headers)
    return http(method, BASE + path, rest, headers)


def ok(operation_id, arguments=None, headers=None):
    status, _, body = call(operation_id, arguments, headers)
    expect(status == 200, "%s answered %s: %s" % (operation_id, status, body))
    return body


seen = {"operations": len(OPERATIONS)}
alpha = ok("register_agent", {"name": "py-alpha", "kind": "other", "capabilities": ["python"]})
beta = ok("register_agent", {"name": "py-beta", "kind": "other"})
ok("heartbeat", {"agent_id": alpha["agent_id"]})

task = ok("create_task", {"title": "Port the parser to Python", "priority": "high", "files": ["src/parser.py"]})
expect(task["status"] == "open", "a new task is open")

claimed = ok("get_next_task", {"agent_id": alpha["agent_id"]})
expect(claimed["task"] is not None and claimed["task"]["task_id"] == task["task_id"], "alpha claims the task: %s" % claimed)
expect([lock["path"] for lock in claimed["locks"]] == ["src/parser.py"], "the claim locks the task's files: %s" % claimed["locks"])
seen["claimed"] = claimed["task"]["key"]

conflict = ok("lock_files", {"agent_id": beta["agent_id"], "paths": ["src/parser.py"]})
expect(conflict["granted"] is False, "beta must not get alpha's file: %s" % conflict)
expect(conflict["conflicts"][0]["held_by_id"] == alpha["agent_id"], "the conflict names the holder: %s" % conflict)
seen["conflict_held_by"] = conflict["conflicts"][0]["held_by"]

status, content_type, problem = call("complete_task", {"task_id": task["task_id"], "agent_id": beta["agent_id"]})
expect(status >= 400 and content_type.startswith("application/problem+json"), "beta completing alpha's task is refused as a problem: %s %s" % (status, problem))
seen["foreign_complete"] = {"status": status, "code": problem["code"]}

held = ok("check_files", {"paths": ["src/parser.py"]})
expect(held["files"][0]["locked"] and held["files"][0]["held_by_id"] == alpha["agent_id"], "check_files names alpha: %s" % held)

# The acting agent may also travel in the X-Coordinator-Agent header instead of the input.
done = ok("complete_task", {"task_id": task["task_id"], "summary": "ported"}, {"X-Coordinator-Agent": alpha["agent_id"]})
expect(done["status"] == "done", "the task is done: %s" % done)

board = ok("get_task_board", {"queue_limit": 5})
expect(board["tasks"]["done"] >= 1, "the board counts the done task: %s" % board["tasks"])
alpha_on_board = [agent for agent in board["agents"] if agent["agent_id"] == alpha["agent_id"]]
expect(alpha_on_board and alpha_on_board[0]["locks"] == [], "completing released alpha's locks: %s" % alpha_on_board)
listed = ok("list_tasks", {"status": "done", "limit": 10})
expect(any(t["task_id"] == task["task_id"] for t in listed["tasks"]), "list_tasks?status=done has the task")
seen["done"] = board["tasks"]["done"]
print(json.dumps(seen))
