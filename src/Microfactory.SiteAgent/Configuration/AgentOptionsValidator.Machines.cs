using Microfactory.SiteAgent.Designs;
using Microfactory.SiteAgent.Modbus;

namespace Microfactory.SiteAgent.Configuration;

/// <summary>The checks of cells whose machine is on a wire: program table, timings, the Modbus register map, the MQTT broker and topics.</summary>
internal sealed partial class AgentOptionsValidator
{
    private static void ValidateMachine(CellOptions cell, string key, List<string> problems)
    {
        var modbus = string.Equals(cell.Driver, ModbusCellDriverFactory.DriverName, StringComparison.OrdinalIgnoreCase);
        var mqtt = string.Equals(cell.Driver, Mqtt.MqttCellDriverFactory.DriverName, StringComparison.OrdinalIgnoreCase);
        if (!modbus && !mqtt)
        {
            return;
        }

        ValidatePrograms(cell.Machine, $"{key}:Machine", problems);
        ValidateMachineTimings(cell.Machine, $"{key}:Machine", problems);
        if (modbus)
        {
            ValidateModbus(cell.Modbus, cell.Machine, $"{key}:Modbus", problems);
        }
        else
        {
            ValidateMqtt(cell.Mqtt, $"{key}:Mqtt", problems);
        }
    }

    private static void ValidatePrograms(MachineCellOptions machine, string key, List<string> problems)
    {
        if (machine.Programs.Count == 0)
        {
            problems.Add($"{key}:Programs must list at least one design and its program number (e.g. {key}:Programs:0:Design = 'bracket-a@1.0.0', {key}:Programs:0:Number = 12).");
        }

        var designs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < machine.Programs.Count; i++)
        {
            var program = machine.Programs[i];
            if (!DesignVersions.TrySplit(program.Design, out _, out _))
            {
                problems.Add($"{key}:Programs:{i}:Design must be a design version 'product@version' (was '{program.Design}').");
            }
            else if (!designs.Add(program.Design))
            {
                problems.Add($"{key}:Programs:{i}:Design '{program.Design}' is listed twice.");
            }

            if (program.Number is not >= 0)
            {
                problems.Add($"{key}:Programs:{i}:Number must be the machine's program number, 0 or more (was '{program.Number}').");
            }
        }
    }

    private static void ValidateMachineTimings(MachineCellOptions machine, string key, List<string> problems)
    {
        Positive(machine.CycleTime, $"{key}:CycleTime", problems);
        if (machine.ChangeoverTime < TimeSpan.Zero)
        {
            problems.Add($"{key}:ChangeoverTime must not be negative (was '{machine.ChangeoverTime}').");
        }

        if (machine.PollInterval < TimeSpan.FromMilliseconds(10) || machine.PollInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add($"{key}:PollInterval must be 00:00:00.010 to 00:01:00 (was '{machine.PollInterval}').");
        }

        Positive(machine.StartTimeout, $"{key}:StartTimeout", problems);
        Positive(machine.ReconnectDelay, $"{key}:ReconnectDelay", problems);
        if (machine.MaxReconnectDelay < machine.ReconnectDelay)
        {
            problems.Add($"{key}:MaxReconnectDelay must be at least ReconnectDelay ({machine.ReconnectDelay}) (was '{machine.MaxReconnectDelay}').");
        }
    }

    private static void ValidateModbus(ModbusCellOptions modbus, MachineCellOptions machine, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(modbus.Host))
        {
            problems.Add($"{key}:Host is required: the PLC's host name or address.");
        }

        if (modbus.Port is < 1 or > 65535)
        {
            problems.Add($"{key}:Port must be 1 to 65535 (was {modbus.Port}).");
        }

        if (modbus.UnitId is < 0 or > 255)
        {
            problems.Add($"{key}:UnitId must be 0 to 255 (was {modbus.UnitId}).");
        }

        Positive(modbus.RequestTimeout, $"{key}:RequestTimeout", problems);
        Positive(modbus.ConnectTimeout, $"{key}:ConnectTimeout", problems);
        Coil(modbus.Coils.Start, $"{key}:Coils:Start", required: true, problems);
        Coil(modbus.Coils.Stop, $"{key}:Coils:Stop", required: true, problems);
        Coil(modbus.Coils.Reset, $"{key}:Coils:Reset", required: false, problems);

        var map = modbus.Registers;
        Register(map.Program, $"{key}:Registers:Program", required: true, writable: true, problems);
        Register(map.Quantity, $"{key}:Registers:Quantity", required: true, writable: true, problems);
        Register(map.Good, $"{key}:Registers:Good", required: true, writable: false, problems);
        Register(map.Scrap, $"{key}:Registers:Scrap", required: false, writable: false, problems);
        Register(map.State, $"{key}:Registers:State", required: true, writable: false, problems);
        Register(map.Alarm, $"{key}:Registers:Alarm", required: false, writable: false, problems);
        foreach (var (name, register) in map.Parameters)
        {
            Register(register, $"{key}:Registers:Parameters:{name}", required: true, writable: true, problems);
        }

        if (map.AlarmText.Address is { } text && (text < 0 || map.AlarmText.Length is < 1 or > 64 || text + map.AlarmText.Length > 65536))
        {
            problems.Add($"{key}:Registers:AlarmText must have an Address from 0 and a Length of 1 to 64 registers within 65535 (was {text}, {map.AlarmText.Length}).");
        }

        var states = new[] { modbus.StateValues.Idle, modbus.StateValues.Running, modbus.StateValues.Done, modbus.StateValues.Fault };
        if (states.Distinct().Count() != states.Length)
        {
            problems.Add($"{key}:StateValues must give Idle, Running, Done and Fault four different values (were {string.Join(", ", states)}).");
        }

        // Every program number must fit the program register as mapped.
        if (map.Program.Address is not null && map.Program.Scale is not 0)
        {
            foreach (var program in machine.Programs.Where(p => p.Number is >= 0))
            {
                try
                {
                    ModbusValues.Encode(program.Number!.Value, map.Program, modbus.WordOrder);
                }
                catch (ArgumentOutOfRangeException)
                {
                    problems.Add($"{key}:Registers:Program ({map.Program.Type}, scale {map.Program.Scale}) cannot hold program number {program.Number} of design '{program.Design}'.");
                }
            }
        }
    }

    private static void ValidateMqtt(MqttCellOptions mqtt, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(mqtt.Host))
        {
            problems.Add($"{key}:Host is required: the MQTT broker's host name or address.");
        }

        if (mqtt.Port is < 1 or > 65535)
        {
            problems.Add($"{key}:Port must be 1 to 65535 (was {mqtt.Port}).");
        }

        var password = !string.IsNullOrEmpty(mqtt.Username) && !string.IsNullOrEmpty(mqtt.Password);
        var certificate = !string.IsNullOrEmpty(mqtt.Tls.ClientCertificateFile);
        if (string.IsNullOrEmpty(mqtt.Username) != string.IsNullOrEmpty(mqtt.Password))
        {
            // The value itself never goes into a message.
            problems.Add($"{key}:Username and {key}:Password go together: set both or neither.");
        }
        else if (!password && !certificate)
        {
            problems.Add($"{key}: the broker needs credentials: set {key}:Username and {key}:Password (the password through the environment, {key.Replace(":", "__", StringComparison.Ordinal)}__Password), or a client certificate in {key}:Tls:ClientCertificateFile.");
        }

        if (certificate && !mqtt.Tls.Enabled)
        {
            problems.Add($"{key}:Tls:ClientCertificateFile needs {key}:Tls:Enabled = true.");
        }

        ExistingFile(mqtt.Tls.CaFile, $"{key}:Tls:CaFile", problems);
        ExistingFile(mqtt.Tls.ClientCertificateFile, $"{key}:Tls:ClientCertificateFile", problems);
        ExistingFile(mqtt.Tls.ClientKeyFile, $"{key}:Tls:ClientKeyFile", problems);
        if (certificate && string.IsNullOrEmpty(mqtt.Tls.ClientKeyFile))
        {
            problems.Add($"{key}:Tls:ClientKeyFile is required with {key}:Tls:ClientCertificateFile: the PEM file of the certificate's private key.");
        }

        Topic(mqtt.CommandTopic, $"{key}:CommandTopic", required: true, problems);
        Topic(mqtt.StatusTopic, $"{key}:StatusTopic", required: true, problems);
        Topic(mqtt.AvailabilityTopic, $"{key}:AvailabilityTopic", required: false, problems);
        if (mqtt.CommandTopic.Length > 0 && mqtt.CommandTopic == mqtt.StatusTopic)
        {
            problems.Add($"{key}:CommandTopic and {key}:StatusTopic must differ (both '{mqtt.CommandTopic}').");
        }

        Positive(mqtt.KeepAlive, $"{key}:KeepAlive", problems);
        Positive(mqtt.ConnectTimeout, $"{key}:ConnectTimeout", problems);
        foreach (var (field, value) in new (string Field, string Value)[]
        {
            ("Command:CommandField", mqtt.Command.CommandField), ("Command:Start", mqtt.Command.Start), ("Command:Stop", mqtt.Command.Stop),
            ("Command:Reset", mqtt.Command.Reset), ("Command:ProgramField", mqtt.Command.ProgramField), ("Command:QuantityField", mqtt.Command.QuantityField),
            ("Status:StateField", mqtt.Status.StateField), ("Status:GoodField", mqtt.Status.GoodField), ("Status:Idle", mqtt.Status.Idle),
            ("Status:Running", mqtt.Status.Running), ("Status:Done", mqtt.Status.Done), ("Status:Fault", mqtt.Status.Fault),
        }.Concat(mqtt.Command.ParameterFields.Select(f => ($"Command:ParameterFields:{f.Key}", f.Value))))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add($"{key}:{field} must not be empty.");
            }
        }
    }

    private static void Coil(int? address, string key, bool required, List<string> problems)
    {
        if (address is null && required)
        {
            problems.Add($"{key} is required: the coil address (from 0) the agent sets for this command.");
        }
        else if (address is < 0 or > 65535)
        {
            problems.Add($"{key} must be a coil address 0 to 65535 (was {address}).");
        }
    }

    private static void Register(ModbusRegisterOptions register, string key, bool required, bool writable, List<string> problems)
    {
        if (register.Address is null)
        {
            if (required)
            {
                problems.Add($"{key}:Address is required: the register address (from 0) of this value.");
            }

            return;
        }

        if (register.Address < 0 || register.Address + register.Width > 65536)
        {
            problems.Add($"{key}:Address must be 0 to {65536 - register.Width} for a {register.Type} (was {register.Address}).");
        }

        if (register.Scale == 0 || !double.IsFinite(register.Scale))
        {
            problems.Add($"{key}:Scale must be a finite number other than 0 (was {register.Scale}).");
        }

        if (writable && register.Table != ModbusTable.Holding)
        {
            problems.Add($"{key}:Table must be Holding: the agent writes this value, and input registers are read-only.");
        }
    }

    private static void Topic(string? topic, string key, bool required, List<string> problems)
    {
        if (string.IsNullOrEmpty(topic))
        {
            if (required)
            {
                problems.Add($"{key} is required (e.g. 'factory/osaka-01/printer-1/{(key.EndsWith("CommandTopic", StringComparison.Ordinal) ? "command" : "status")}').");
            }
        }
        else if (topic.IndexOfAny(['+', '#', '\0']) >= 0 || topic.StartsWith('$'))
        {
            problems.Add($"{key} must be a plain topic name, without wildcards '+' or '#' and not starting with '$' (was '{topic}').");
        }
    }

    private static void ExistingFile(string? path, string key, List<string> problems)
    {
        if (!string.IsNullOrEmpty(path) && !File.Exists(path))
        {
            problems.Add($"{key} names a file that does not exist: '{path}'.");
        }
    }

    private static void Positive(TimeSpan value, string key, List<string> problems)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{key} must be positive (was '{value}').");
        }
    }
}
