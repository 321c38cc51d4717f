from slack_sdk import WebClient

client = WebClient(token="xoxb-964044611044-4333447785566-yqoHxo1Pzy5aWm6MBWnciG8r")


def notify(text):
    client.chat_postMessage(channel="C04QX8Z2L7N", text=text)
