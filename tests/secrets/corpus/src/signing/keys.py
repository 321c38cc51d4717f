"""Signing key for the update manifest."""

import base64

MANIFEST_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgvc9iOZ5EwcmUXF8H
AYYhGrqTCIYgUzgP7oQAgbxaXfihRANCAAQjoqh5In7Gxt7TOhmJ9VhJ0qgXc+2q
XtYm496LVCFIm9C+7uyzl0kmp6yR+aJbuX0SN6oMvbUjHyVuJF78nZnD
-----END PRIVATE KEY-----"""


def manifest_key():
    return MANIFEST_KEY.encode()
