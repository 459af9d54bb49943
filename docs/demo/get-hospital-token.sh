#!/usr/bin/env bash
# Gets a SMART Backend Services access token for a demo hospital from a Shouhu server in demo mode.
#
#   docs/demo/get-hospital-token.sh HOSPITAL [BASE_URL] [SCOPE]
#
#   HOSPITAL  hospital-01 ... hospital-12; its private key is docs/demo/keys/HOSPITAL.private.jwk.json
#             (or the file named by KEY_FILE)
#   BASE_URL  the server, default http://localhost:8080
#   SCOPE     e.g. "system/Task.rs"; without it the hospital is granted all its scopes
#
# Prints the token response (JSON) on stdout. With --assertion-only as the first argument it prints
# only the signed client assertion, e.g. for curl. The token endpoint is read from
# BASE_URL/fhir/.well-known/smart-configuration (falling back to BASE_URL/oauth2/token); set
# TOKEN_ENDPOINT to override it. The assertion's aud must be exactly the token endpoint the server
# announces, so use the host name the server is reached by.
#
# Needs only bash, openssl and python3 (standard library): python3 turns the JWK into a PEM key and
# does the JSON and HTTP, openssl signs (RS384 = RSASSA-PKCS1-v1_5 with SHA-384).
set -euo pipefail

assertion_only=false
if [[ "${1:-}" == "--assertion-only" ]]; then
  assertion_only=true
  shift
fi
if [[ $# -lt 1 || "$1" == "-h" || "$1" == "--help" ]]; then
  sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi

hospital="$1"
base_url="${2:-http://localhost:8080}"
base_url="${base_url%/}"
scope="${3:-}"
here="$(cd "$(dirname "$0")" && pwd)"
key_file="${KEY_FILE:-$here/keys/$hospital.private.jwk.json}"
[[ -r "$key_file" ]] || { echo "no private key at $key_file" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
chmod 700 "$work"

# The JWK's RSA parameters as a PKCS#1 RSAPrivateKey (DER, then PEM) for openssl; prints the kid.
kid="$(python3 - "$key_file" "$work/key.pem" <<'PY'
import base64, json, os, sys

jwk = json.load(open(sys.argv[1]))
if jwk.get("kty") != "RSA" or "d" not in jwk:
    sys.exit("not an RSA private JWK: " + sys.argv[1])

def number(name):
    value = jwk[name]
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")

def length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw

def integer(n):
    raw = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    if raw[0] & 0x80:
        raw = b"\x00" + raw
    return b"\x02" + length(len(raw)) + raw

body = integer(0) + b"".join(integer(number(k)) for k in ("n", "e", "d", "p", "q", "dp", "dq", "qi"))
der = b"\x30" + length(len(body)) + body
b64 = base64.b64encode(der).decode()
pem = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) \
    + "\n-----END RSA PRIVATE KEY-----\n"
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with os.fdopen(fd, "w") as out:
    out.write(pem)
print(jwk.get("kid", ""))
PY
)"

# The token endpoint as the server announces it (SMART discovery), so that aud matches exactly.
token_endpoint="${TOKEN_ENDPOINT:-$(python3 - "$base_url" <<'PY'
import json, sys, urllib.request
base = sys.argv[1]
try:
    with urllib.request.urlopen(base + "/fhir/.well-known/smart-configuration", timeout=10) as response:
        print(json.load(response)["token_endpoint"])
except Exception:
    print(base + "/oauth2/token")
PY
)}"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

header="$(python3 -c 'import json,sys; print(json.dumps({"alg": "RS384", "typ": "JWT", "kid": sys.argv[1]}, separators=(",", ":")))' "$kid")"
payload="$(python3 - "$hospital" "$token_endpoint" <<'PY'
import json, sys, time, uuid
now = int(time.time())
# SMART: exp at most five minutes ahead; a fresh jti every time (the server refuses a replay)
print(json.dumps({"iss": sys.argv[1], "sub": sys.argv[1], "aud": sys.argv[2], "jti": str(uuid.uuid4()),
                  "iat": now, "exp": now + 240}, separators=(",", ":")))
PY
)"
signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature="$(printf '%s' "$signing_input" | openssl dgst -sha384 -sign "$work/key.pem" -binary | b64url)"
assertion="$signing_input.$signature"

if $assertion_only; then
  printf '%s\n' "$assertion"
  exit 0
fi

python3 - "$token_endpoint" "$assertion" "$scope" <<'PY'
import sys, urllib.error, urllib.parse, urllib.request
endpoint, assertion, scope = sys.argv[1:4]
form = {"grant_type": "client_credentials",
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": assertion}
if scope:
    form["scope"] = scope
request = urllib.request.Request(endpoint, data=urllib.parse.urlencode(form).encode(),
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/json"})
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        print(response.read().decode())
except urllib.error.HTTPError as error:
    sys.stderr.write("HTTP %d from %s: %s\n" % (error.code, endpoint, error.read().decode()))
    sys.exit(1)
PY
