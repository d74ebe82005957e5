"""Audio in: sources (files, devices) that yield `AudioBlock`s, and the stages behind them."""
