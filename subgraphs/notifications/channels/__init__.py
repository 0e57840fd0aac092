"""Channel senders: email, web push, SMS (one module each) behind channels.base.Sender."""
