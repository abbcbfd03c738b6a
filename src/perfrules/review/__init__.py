"""The rest of the evaluation cycle: review (复核), spot checks (抽查) and rectification (整改)."""

__all__: list[str] = []
