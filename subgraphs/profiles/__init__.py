"""profiles: public user profiles (login, display name, bio, avatar); owns the `User` entity."""
