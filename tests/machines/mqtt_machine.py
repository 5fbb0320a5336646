#!/usr/bin/python3
"""A production cell (a printer, an IoT cell) that talks through an MQTT broker (Debian's python3-paho-mqtt 1.6),
for the site agent's tests and demo. The payloads are the default mapping of docs/cell-drivers.md.

It announces itself "online" (retained) on --availability-topic with a last will of "offline", takes commands as JSON
on --command-topic ({"command": "start", "program": 12, "quantity": 5, "job": "..."}, {"command": "stop"},
{"command": "reset"}), and publishes its status (retained, on every change) on --status-topic:
  {"state": "idle|running|done|fault", "program": 12, "good": 3, "scrap": 1, "alarm": {"code": 0, "text": ""}}
While started it makes one part every --cycle seconds (every --scrap-every'th part is scrap), stops at the next part
boundary on "stop", clears an alarm on "reset". It reconnects by itself when the broker goes away.

Commands on standard input, one per line:
  alarm CODE TEXT...          raise an alarm now (production halts)
  alarm-at PART CODE TEXT...  raise it when part PART of the current run is made
  clear                       clear the alarm at the machine (an operator's reset on the panel)
Events on standard output: "ready", then "connected", "disconnected", "started ...", "part ...", "done", "stopped",
"alarm ...", "reset", "ignored ...".
"""
import argparse
import json
import queue
import ssl
import sys
import threading
import time

import paho.mqtt.client as mqtt


def say(event):
    print(event, flush=True)


class Machine:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.state = "idle"
        self.program = 0
        self.quantity = 0
        self.good = 0
        self.scrap = 0
        self.alarm = (0, "")
        self.alarm_at = None
        self.next_part_at = None
        self.stop_requested = False
        self.commands = queue.Queue()
        self.client = mqtt.Client(client_id=args.client_id, clean_session=True)
        if args.username:
            self.client.username_pw_set(args.username, args.password)
        if args.ca_file:
            self.client.tls_set(ca_certs=args.ca_file, certfile=args.cert_file, keyfile=args.key_file)
        self.client.will_set(args.availability_topic, "offline", qos=1, retain=True)
        self.client.reconnect_delay_set(min_delay=0.1, max_delay=1)
        self.client.on_connect = self.on_connect
        self.client.on_disconnect = lambda *_: say("disconnected")
        self.client.on_message = lambda _c, _u, message: self.commands.put(message.payload)

    def on_connect(self, client, _userdata, _flags, rc):
        if rc != 0:
            say(f"refused rc={rc}")
            return
        client.publish(self.args.availability_topic, "online", qos=1, retain=True)
        client.subscribe(self.args.command_topic, qos=1)
        self.publish()
        say("connected")

    def publish(self):
        with self.lock:
            status = {"state": self.state, "program": self.program, "good": self.good, "scrap": self.scrap,
                      "alarm": {"code": self.alarm[0], "text": self.alarm[1]}}
        self.client.publish(self.args.status_topic, json.dumps(status), qos=1, retain=True)

    def handle(self, payload):
        try:
            command = json.loads(payload)
        except ValueError:
            say(f"ignored {payload!r}")
            return
        kind = command.get("command")
        with self.lock:
            if kind == "start" and self.state in ("idle", "done") and self.alarm[0] == 0:
                program = int(command.get("program", 0))
                if self.args.programs and program not in self.args.programs:
                    self.raise_alarm(101, f"Unknown program {program}")
                    return
                self.program, self.quantity = program, int(command.get("quantity", 0))
                self.good = self.scrap = 0
                self.state = "running"
                self.stop_requested = False
                self.next_part_at = time.monotonic() + self.args.cycle
                say(f"started program={self.program} quantity={self.quantity} job={command.get('job', '')}")
                say("command " + json.dumps(command, sort_keys=True))
            elif kind == "stop" and self.state == "running":
                self.stop_requested = True
            elif kind == "reset":
                self.clear()
            else:
                say(f"ignored {kind} in {self.state}")
                return
        self.publish()

    def raise_alarm(self, code, text):
        self.alarm = (code, text)
        self.state = "fault"
        self.next_part_at = None
        say(f"alarm code={code} text={text}")

    def clear(self):
        self.alarm = (0, "")
        if self.state == "fault":
            self.state = "idle"
        say("reset")

    def step(self):
        with self.lock:
            if self.state != "running" or self.next_part_at is None or time.monotonic() < self.next_part_at:
                return False
            made = self.good + self.scrap + 1
            if self.args.scrap_every and made % self.args.scrap_every == 0:
                self.scrap += 1
            else:
                self.good += 1
            say(f"part good={self.good} scrap={self.scrap}")
            self.next_part_at += self.args.cycle
            if self.alarm_at is not None and made >= self.alarm_at[0]:
                code, text = self.alarm_at[1], self.alarm_at[2]
                self.alarm_at = None
                self.raise_alarm(code, text)
            elif made >= self.quantity:
                self.state = "done"
                self.next_part_at = None
                say("done")
            elif self.stop_requested:
                self.state = "idle"
                self.next_part_at = None
                say("stopped")
        return True

    def operator(self, line):
        words = line.split()
        if not words:
            return
        with self.lock:
            if words[0] == "alarm":
                self.raise_alarm(int(words[1]), " ".join(words[2:]))
            elif words[0] == "alarm-at":
                self.alarm_at = (int(words[1]), int(words[2]), " ".join(words[3:]))
                return
            elif words[0] == "clear":
                self.clear()
            else:
                say(f"unknown-command {line}")
                return
        self.publish()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", default="mf-machine")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--ca-file", help="TLS: the CA that signed the broker's certificate")
    parser.add_argument("--cert-file")
    parser.add_argument("--key-file")
    parser.add_argument("--command-topic", required=True)
    parser.add_argument("--status-topic", required=True)
    parser.add_argument("--availability-topic", required=True)
    parser.add_argument("--cycle", type=float, default=0.1, help="seconds per part")
    parser.add_argument("--scrap-every", type=int, default=0)
    parser.add_argument("--programs", default="", help="comma-separated program numbers the machine knows (empty: any)")
    args = parser.parse_args()
    args.programs = {int(p) for p in args.programs.split(",") if p}

    machine = Machine(args)
    machine.client.connect_async(args.host, args.port, keepalive=5)
    machine.client.loop_start()
    operator = queue.Queue()

    def read_operator():
        for line in sys.stdin:
            operator.put(line.strip())
        operator.put(None)

    threading.Thread(target=read_operator, daemon=True).start()
    say("ready")
    while True:
        if machine.step():
            machine.publish()
        while not machine.commands.empty():
            machine.handle(machine.commands.get())
        try:
            line = operator.get(timeout=min(args.cycle / 4, 0.02))
        except queue.Empty:
            continue
        if line is None:
            break
        machine.operator(line)
    machine.client.loop_stop()


if __name__ == "__main__":
    main()
