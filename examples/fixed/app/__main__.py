from app.clock import stamp

print(stamp())
