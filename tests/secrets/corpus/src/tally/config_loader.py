import os


DB_PASSWORD = os.environ["DB_PASSWORD"]
API_KEY = os.getenv("TALLY_API_KEY", "")
SECRET_KEY = settings.SECRET_KEY
password = getpass.getpass("Password: ")
token = "Bearer " + session.token
conn = f"postgres://{user}:{password}@{host}/{db}"
PASSWORD_FIELD = "password"
PASSWORD_MIN_LENGTH = 12
auth_header = "Authorization: Bearer %s" % access_token
