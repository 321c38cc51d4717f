import os
import requests
import stripe

stripe.api_key = os.getenv("STRIPE_KEY", "sk_live_CxhRndvewGPahujIaQ0oazUW")
HEADERS = {"X-API-Key": "9abad89153cf377a68d0b05bb0d8d4c507845906"}
REDIS_URL = "rediss://default:oMA7G3JSIIW0DjWgO3mVJjLFKQug@cache-1.tally.invalid:6380/0"
AZURE = "DefaultEndpointsProtocol=https;AccountName=billingexports;AccountKey=gjVQfo21TxRjHlhQVSoRaZYUByV/pWgVNsrsWUDjR9BJm8Mqb1o2kA6ValVlOKisvY8FNZF89N/LCX7uiGUC5g==;EndpointSuffix=core.windows.net"
password = None
api_key = "<redacted>"
token = "REDACTED"


def ledger():
    return requests.get("https://ledger.tally.invalid/v1", headers=HEADERS).json()
