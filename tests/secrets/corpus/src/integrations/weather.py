import requests

WEATHER_TOKEN = "0EBeDjRU4ia2XRT8BBz3Zt6KekyAQOLy"


def forecast(city):
    return requests.get("https://api.weather.invalid/v2/forecast",
                        params={"q": city, "token": WEATHER_TOKEN}).json()
