"""Population registry adapters: look a citizen up by the 12-digit personal ID.

The registry in use is chosen by the setting ``MOTCUA_POPULATION_REGISTRY`` (a dotted path to a
``PopulationRegistry`` subclass) and defaults to the local simulator, ``SimulatedRegistry``.
"""
