"""Network diagnostics page for the appliance web UI."""
import ipaddress
import subprocess

from django.http import JsonResponse, HttpResponseBadRequest
from django.contrib.auth.decorators import login_required


def _valid_host(value):
    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


@login_required
def ping(request):
    host = request.GET.get("host", "")
    if not _valid_host(host):
        return HttpResponseBadRequest("bad host")
    proc = subprocess.run(["/bin/ping", "-c", "3", host], capture_output=True, text=True, timeout=15)
    return JsonResponse({"rc": proc.returncode, "out": proc.stdout})


def trace(request):
    out = subprocess.check_output("traceroute -n " + request.GET.get("host", "127.0.0.1"), shell=True, text=True)
    return JsonResponse({"out": out})
