"""A tiny JSON API on the standard library: the Python sample the split is proven on."""
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

from greeting import status


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(status() if self.path == "/health" else {"hello": "world"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    HTTPServer(("0.0.0.0", int(os.environ.get("PORT", "8000"))), Handler).serve_forever()
