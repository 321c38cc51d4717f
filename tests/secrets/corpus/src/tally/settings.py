from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = 'yk%0d!ld#8fyq!-0krqdt_d*-e0pq*9j3_9yfs$!7z=134*1%)'
DEBUG = False

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.postgresql',
        'NAME': 'tally',
        'USER': 'tally_app',
        'PASSWORD': 'dL#5i5V9v%XdtD#8fxEH',
        'HOST': 'db-1.tally.invalid',
    }
}
