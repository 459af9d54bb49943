#!/usr/bin/env bash
# Plays the path of one report against a running Shouhu server in demo mode:
#   a hospital gets a token and sends docs/demo/report-example.json, reads its Task back;
#   the intake prosecutor signs in (authorization code + PKCE), sees the report in triage and accepts
#   it; the case opens with its tracks and tasks; the social worker finds her task; the hospital's
#   Task now says accepted; the supervisor opens the reporter's identity with a reason and reads the
#   report's audit trail.
#
#   bash docs/demo/try-it.sh [BASE_URL]      (default http://localhost:8080)
#
# Needs bash, curl, openssl and python3 (standard library only).
set -euo pipefail

base="${1:-http://localhost:8080}"
base="${base%/}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }
step() { printf '\n== %s\n' "$*"; }

step "1. The hospital discovers the token endpoint"
curl -fsS "$base/fhir/.well-known/smart-configuration" | tee "$work/smart.json" | python3 -m json.tool | head -20

step "2. hospital-01 gets a token with a signed client assertion (docs/demo/get-hospital-token.sh)"
hospital_token="$(bash "$here/get-hospital-token.sh" hospital-01 "$base" | json '["access_token"]')"
echo "access token: ${hospital_token:0:24}…"

step "3. It sends the report (a fresh Bundle.identifier, so each run is a new report)"
python3 - "$here/report-example.json" "$work/report.json" <<'PY'
import json, sys, uuid
bundle = json.load(open(sys.argv[1], encoding="utf-8"))
bundle["identifier"]["value"] = "MR-DEMO-" + uuid.uuid4().hex[:12]
json.dump(bundle, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
curl -fsS -X POST "$base/fhir/\$process-message" \
  -H "Authorization: Bearer $hospital_token" \
  -H "Content-Type: application/fhir+json" -H "Accept: application/fhir+json" \
  --data-binary @"$work/report.json" > "$work/response.json"
task_id="$(json '["entry"][0]["resource"]["focus"][0]["reference"]' < "$work/response.json")"
task_id="${task_id#Task/}"
echo "response message points at Task/$task_id"

step "4. It reads the Task back"
curl -fsS "$base/fhir/Task/$task_id" -H "Authorization: Bearer $hospital_token" \
  | python3 -c 'import json,sys; t=json.load(sys.stdin); print("Task", t["id"], "status:", t["status"])'

step "5. The intake prosecutor signs in as 'intake' (password 'demo') with authorization code + PKCE"
# login USER: prints an access token of the app client shouhu-app for a demo user
login() {
  local user="$1" verifier challenge redirect authorize jar csrf after_login callback code
  verifier="$(openssl rand -base64 48 | tr -d '\n=+/' | cut -c1-64)"
  challenge="$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')"
  redirect="http://127.0.0.1/callback"
  authorize="$base/oauth2/authorize?response_type=code&client_id=shouhu-app&scope=openid&state=demo"
  authorize="$authorize&redirect_uri=$redirect&code_challenge=$challenge&code_challenge_method=S256"
  jar="$work/cookies-$user"
  curl -sS -o /dev/null -c "$jar" -b "$jar" -H "Accept: text/html" "$authorize"
  csrf="$(curl -sS -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)"
  after_login="$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" \
    --data-urlencode "username=$user" --data-urlencode "password=demo" --data-urlencode "_csrf=$csrf" "$base/login")"
  callback="$(curl -sS -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" -H "Accept: text/html" "$after_login")"
  code="$(python3 -c 'import sys,urllib.parse as u; print(u.parse_qs(u.urlparse(sys.argv[1]).query)["code"][0])' "$callback")"
  curl -fsS -X POST "$base/oauth2/token" \
    --data-urlencode grant_type=authorization_code --data-urlencode "code=$code" \
    --data-urlencode "redirect_uri=$redirect" --data-urlencode client_id=shouhu-app \
    --data-urlencode "code_verifier=$verifier" | json '["access_token"]'
}
user_token="$(login intake)"
echo "access token: ${user_token:0:24}…"

step "6. The report is in Longwan's triage queue"
curl -fsS "$base/api/triage" -H "Authorization: Bearer $user_token" \
  | python3 -c 'import json,sys
q=json.load(sys.stdin)
print("pending in", q["jurisdiction"] + ":", q["count"])
for i in q["items"][:5]: print(" ", i["id"], i["urgency"], ",".join(i["situations"]), "age", i["childAge"])'

step "7. The prosecutor opens it (the reporter's identity is not part of it)"
curl -fsS "$base/api/reports/$task_id" -H "Authorization: Bearer $user_token" | python3 -m json.tool --no-ensure-ascii

step "8. Intake accepts it into a case, naming the lead prosecutor (If-Match: the report's ETag)"
etag="$(curl -fsS -D - -o /dev/null "$base/api/reports/$task_id" -H "Authorization: Bearer $user_token" \
  | tr -d '\r' | sed -n 's/^[Ee][Tt][Aa][Gg]: //p')"
case_id="$(curl -fsS -X POST "$base/api/reports/$task_id/accept" -H "Authorization: Bearer $user_token" \
  -H "If-Match: $etag" -H "Content-Type: application/json" --data '{"lead": "prosecutor"}' | json '["caseId"]')"
echo "case $case_id opened"

step "9. The case: the playbook opened its tracks, each with its first task (in English here)"
curl -fsS "$base/api/cases/$case_id" -H "Authorization: Bearer $user_token" -H "Accept-Language: en" \
  | python3 -c 'import json,sys
c=json.load(sys.stdin)
print(c["number"], c["status"], "lead:", c["lead"])
for t in c["tracks"]: print("  track", t["type"], t["status"])
for t in c["tasks"]: print("  task ", t["title"], "->", t["assignee"] or t["team"], "due", t["due"])'

step "10. The social worker signs in and finds her team's task, with the least of the case"
social_token="$(login social-worker)"
curl -fsS "$base/api/tasks?mine=true" -H "Authorization: Bearer $social_token" \
  | python3 -c 'import json,sys
for w in json.load(sys.stdin)[:3]: print(" ", w["task"]["title"], "| child:", w["child"]["givenName"], w["child"]["ageBand"], "| case", w["caseNumber"])'

step "11. The hospital reads its Task again: accepted"
curl -fsS "$base/fhir/Task/$task_id" -H "Authorization: Bearer $hospital_token" \
  | python3 -c 'import json,sys; t=json.load(sys.stdin); print("Task", t["id"], "status:", t["status"], "-", t["businessStatus"]["text"])'

step "12. The supervisor opens the reporter's sealed identity, saying why (the act is audited)"
supervisor_token="$(login supervisor)"
curl -sS -o /dev/null -w "without a reason: HTTP %{http_code}\n" -X POST "$base/api/reports/$task_id/reporter" \
  -H "Authorization: Bearer $supervisor_token" -H "Content-Type: application/json" -d '{"reason": ""}'
curl -fsS -X POST "$base/api/reports/$task_id/reporter" -H "Authorization: Bearer $supervisor_token" \
  -H "Content-Type: application/json" -d '{"reason": "需向报告医生核实伤情细节"}' | python3 -m json.tool --no-ensure-ascii

step "13. Who touched this report, and is the audit trail intact?"
curl -fsS "$base/api/admin/audit?subject=$task_id" -H "Authorization: Bearer $supervisor_token" \
  | python3 -c 'import json,sys
for e in json.load(sys.stdin)["entries"]: print(" ", e["at"], e["actor"], e["action"], e["subject"]["type"], e["outcome"], e["purpose"] or "")'
curl -fsS "$base/api/admin/audit/verify" -H "Authorization: Bearer $supervisor_token"; echo
