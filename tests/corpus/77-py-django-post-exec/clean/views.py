"""Views for the reporting app: saved report definitions and exports."""
import base64
import csv
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST

from .models import Report


@login_required
def export_csv(request, report_id):
    report = Report.objects.get(pk=report_id, owner=request.user)
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{report.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(report.columns())
    for row in report.rows():
        writer.writerow(row)
    return response


@require_POST
def sync_hook(request):
    payload = request.POST.get("payload", "")
    mode = request.POST.get("mode", "json")
    if mode == "json":
        data = json.loads(payload or "{}")
    else:
        data = json.loads(base64.b64decode(payload) or b"{}")
    Report.objects.filter(slug=data.get("slug")).update(synced=True)
    return JsonResponse({"ok": True})
