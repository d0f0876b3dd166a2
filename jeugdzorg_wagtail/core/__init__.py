"""What every feature of the package shares: settings, the network settings model, page base
mixins, the layout, search indexing, shared form and filter fields, JSON-LD, the admin listing
base, signal helpers and system checks. Nothing here imports a feature."""
