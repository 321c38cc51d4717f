# Upload the weekly report to the shared container.
$file = "report-$(Get-Date -Format yyyy-MM-dd).pdf"
$sas = "https://tallyexports.blob.core.windows.net/reports?sv=2022-11-02&ss=b&srt=co&sp=rwdlac&se=2027-01-01T00:00:00Z&st=2026-01-01T00:00:00Z&spr=https&sig=RlTS75QV11s6b3oHGWVoXGK1DdUGD%2B7GtVzu2fFB8as%3D"
Invoke-WebRequest -Method Put -InFile $file -Uri $sas -Headers @{"x-ms-blob-type"="BlockBlob"}
