#!/usr/bin/python3
"""A production cell behind a Modbus TCP server (Debian's python3-pymodbus 3.0), for the site agent's tests and demo.

The register map is the example of docs/cell-drivers.md (addresses from 0):
  coils             0 start, 1 stop, 2 reset (the agent sets a coil; the machine clears it when it takes the command)
  holding registers 0 program, 1-2 quantity (uint32), 10-11 good, 12-13 scrap (uint32),
                    20 state (0 idle, 1 running, 2 done, 3 fault), 21 alarm code, 22-37 alarm text (ASCII, 2 per register),
                    40-47 recipe (where a cell maps job parameters; echoed on each start)

While started it makes one part every --cycle seconds (every --scrap-every'th part is scrap) until the quantity is
made, stops at the next part boundary on the stop coil, and clears an alarm on the reset coil. Writing a program number
it does not know (--programs) is answered with Modbus exception 3 (illegal data value), as a PLC would.

Commands on standard input, one per line:
  alarm CODE TEXT...          raise an alarm now (production halts)
  alarm-at PART CODE TEXT...  raise it when part PART of the current run is made
  clear                       clear the alarm at the machine (an operator's reset on the panel)
  drop                        abort every connection and stop listening (a cable pulled)
  restore                     listen again on the same port
  exception CODE              answer the next request with Modbus exception CODE
Events on standard output: "ready port=N", then "started ...", "part ...", "done", "stopped", "alarm ...", "reset",
"dropped", "restored", "refused-program N", "recipe R40 ... R47" (after each "started").
"""
import argparse
import asyncio
import sys
import threading
import time

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.pdu import ExceptionResponse
from pymodbus.server.async_io import ModbusTcpServer

START, STOP, RESET = 0, 1, 2
PROGRAM, QUANTITY, GOOD, SCRAP, STATE, ALARM, ALARM_TEXT = 0, 1, 10, 12, 20, 21, 22
ALARM_TEXT_REGISTERS = 16
RECIPE = 40
IDLE, RUNNING, DONE, FAULT = 0, 1, 2, 3


def say(event):
    print(event, flush=True)


class Machine(ModbusSlaveContext):
    """The machine's memory as the server sees it; refuses unknown program numbers."""

    def __init__(self, programs, low_word_first):
        super().__init__(
            di=ModbusSequentialDataBlock(0, [0] * 16),
            co=ModbusSequentialDataBlock(0, [0] * 16),
            hr=ModbusSequentialDataBlock(0, [0] * 64),
            ir=ModbusSequentialDataBlock(0, [0] * 16),
            zero_mode=True,
        )
        self.programs = programs
        self.low_word_first = low_word_first
        self.pending_exception = None

    def setValues(self, fc_as_hex, address, values):  # pylint: disable=invalid-name
        if self.decode(fc_as_hex) == "h" and address <= PROGRAM < address + len(values):
            program = values[PROGRAM - address]
            if self.programs and program not in self.programs:
                self.pending_exception = 3
                say(f"refused-program {program}")
                return
        super().setValues(fc_as_hex, address, values)

    def coil(self, address):
        return bool(self.getValues(1, address, 1)[0])

    def clear_coil(self, address):
        super().setValues(5, address, [0])

    def register(self, address):  # pylint: disable=arguments-differ
        return self.getValues(3, address, 1)[0]

    def set_register(self, address, value):
        super().setValues(6, address, [value])

    def uint32(self, address):
        first, second = self.getValues(3, address, 2)
        high, low = (second, first) if self.low_word_first else (first, second)
        return (high << 16) | low

    def set_uint32(self, address, value):
        high, low = (value >> 16) & 0xFFFF, value & 0xFFFF
        super().setValues(16, address, [low, high] if self.low_word_first else [high, low])

    def set_alarm(self, code, text):
        self.set_register(ALARM, code)
        raw = text.encode("ascii", "replace")[: ALARM_TEXT_REGISTERS * 2].ljust(ALARM_TEXT_REGISTERS * 2, b"\0")
        super().setValues(16, ALARM_TEXT, [(raw[i] << 8) | raw[i + 1] for i in range(0, len(raw), 2)])


class Production:
    """The cell's behaviour, stepped by the event loop."""

    def __init__(self, machine, cycle, scrap_every):
        self.machine = machine
        self.cycle = cycle
        self.scrap_every = scrap_every
        self.quantity = 0
        self.next_part_at = None
        self.stop_requested = False
        self.alarm_at = None

    def raise_alarm(self, code, text):
        self.machine.set_alarm(code, text)
        self.machine.set_register(STATE, FAULT)
        self.next_part_at = None
        say(f"alarm code={code} text={text}")

    def step(self):
        m = self.machine
        if m.coil(RESET):
            m.clear_coil(RESET)
            self.clear()
        if m.coil(STOP):
            m.clear_coil(STOP)
            if m.register(STATE) == RUNNING:
                self.stop_requested = True
        if m.coil(START):
            m.clear_coil(START)
            if m.register(STATE) in (IDLE, DONE) and m.register(ALARM) == 0:
                self.quantity = m.uint32(QUANTITY)
                m.set_uint32(GOOD, 0)
                m.set_uint32(SCRAP, 0)
                m.set_register(STATE, RUNNING)
                self.stop_requested = False
                self.next_part_at = time.monotonic() + self.cycle
                say(f"started program={m.register(PROGRAM)} quantity={self.quantity}")
                say("recipe " + " ".join(str(m.register(RECIPE + i)) for i in range(8)))
        if m.register(STATE) == RUNNING and self.next_part_at is not None and time.monotonic() >= self.next_part_at:
            self.make_part()

    def make_part(self):
        m = self.machine
        good, scrap = m.uint32(GOOD), m.uint32(SCRAP)
        made = good + scrap + 1
        if self.scrap_every and made % self.scrap_every == 0:
            scrap += 1
        else:
            good += 1
        m.set_uint32(GOOD, good)
        m.set_uint32(SCRAP, scrap)
        say(f"part good={good} scrap={scrap}")
        self.next_part_at += self.cycle
        if self.alarm_at is not None and made >= self.alarm_at[0]:
            code, text = self.alarm_at[1], self.alarm_at[2]
            self.alarm_at = None
            self.raise_alarm(code, text)
        elif made >= self.quantity:
            m.set_register(STATE, DONE)
            self.next_part_at = None
            say("done")
        elif self.stop_requested:
            m.set_register(STATE, IDLE)
            self.next_part_at = None
            say("stopped")

    def clear(self):
        self.machine.set_alarm(0, "")
        if self.machine.register(STATE) == FAULT:
            self.machine.set_register(STATE, IDLE)
        say("reset")


class Server:
    """The Modbus TCP listener, which can be dropped and restored on the same port."""

    def __init__(self, machine, unit, host, port):
        self.machine = machine
        context = ModbusServerContext(slaves={unit: machine}, single=False)
        self.server = ModbusTcpServer(context, address=(host, port), allow_reuse_address=True,
                                      response_manipulator=self.manipulate)
        self.next_exception = None

    def manipulate(self, response):
        code = self.next_exception or self.machine.pending_exception
        self.next_exception = None
        self.machine.pending_exception = None
        if code is None:
            return response, False
        error = ExceptionResponse(response.function_code & 0x7F, code)
        error.transaction_id = response.transaction_id
        error.unit_id = response.unit_id
        return error, False

    async def start(self):
        loop = asyncio.get_running_loop()
        self.server.serving = loop.create_future()
        asyncio.create_task(self.server.serve_forever())
        await self.server.serving

    async def drop(self):
        for handler in list(self.server.active_connections.values()):
            handler.transport.abort()
        self.server.active_connections = {}
        if self.server.server is not None:
            self.server.server.close()
            self.server.server = None
        say("dropped")

    async def restore(self):
        await self.start()
        say("restored")


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--unit", type=int, default=1)
    parser.add_argument("--cycle", type=float, default=0.1, help="seconds per part")
    parser.add_argument("--scrap-every", type=int, default=0)
    parser.add_argument("--programs", default="", help="comma-separated program numbers the machine knows (empty: any)")
    parser.add_argument("--low-word-first", action="store_true", help="32-bit values with the low word in the lower register")
    args = parser.parse_args()

    programs = {int(p) for p in args.programs.split(",") if p}
    machine = Machine(programs, args.low_word_first)
    production = Production(machine, args.cycle, args.scrap_every)
    server = Server(machine, args.unit, args.host, args.port)
    await server.start()
    say(f"ready port={args.port}")

    loop = asyncio.get_running_loop()
    commands = asyncio.Queue()

    def read_commands():
        for line in sys.stdin:
            loop.call_soon_threadsafe(commands.put_nowait, line.strip())
        loop.call_soon_threadsafe(commands.put_nowait, "quit")

    threading.Thread(target=read_commands, daemon=True).start()
    while True:
        production.step()
        try:
            line = await asyncio.wait_for(commands.get(), timeout=min(args.cycle / 4, 0.02))
        except asyncio.TimeoutError:
            continue
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            return
        if words[0] == "alarm":
            production.raise_alarm(int(words[1]), " ".join(words[2:]))
        elif words[0] == "alarm-at":
            production.alarm_at = (int(words[1]), int(words[2]), " ".join(words[3:]))
        elif words[0] == "clear":
            production.clear()
        elif words[0] == "drop":
            await server.drop()
        elif words[0] == "restore":
            await server.restore()
        elif words[0] == "exception":
            server.next_exception = int(words[1])
        else:
            say(f"unknown-command {line}")


if __name__ == "__main__":
    asyncio.run(main())
