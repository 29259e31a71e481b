"""Billing timestamps."""
