-- One database per service (ARCHITECTURE.md); each service applies its own migrations on start.
CREATE DATABASE auth;
CREATE DATABASE profiles;
CREATE DATABASE posts;
CREATE DATABASE media;
CREATE DATABASE subscriptions;
CREATE DATABASE notifications;
