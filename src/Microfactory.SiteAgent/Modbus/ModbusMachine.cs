using System.Globalization;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Machines;

namespace Microfactory.SiteAgent.Modbus;

/// <summary>
/// A PLC on Modbus TCP, read and commanded through the cell's register map (docs/cell-drivers.md): each read takes
/// every mapped register of a table in one request when they lie within 125 registers of each other.
/// </summary>
internal sealed class ModbusMachine(ModbusCellOptions options, string configurationKey) : IMachineProtocol
{
    private const int MaxRegistersPerRead = 125;
    private readonly ModbusTcpClient _client = new(options.Host, options.Port, (byte)options.UnitId, options.RequestTimeout);
    private readonly ModbusRegisterMap _map = options.Registers;

    public string Endpoint => $"modbus-tcp {_client.Endpoint}";

    public Task ConnectAsync(CancellationToken cancellationToken) => _client.ConnectAsync(options.ConnectTimeout, cancellationToken);

    public async Task<MachineSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var registers = await RefusalsAsMachineErrors(() => ReadMappedAsync(cancellationToken)).ConfigureAwait(false);
        var stateValue = Value(registers, _map.State);
        var state = stateValue switch
        {
            _ when stateValue == options.StateValues.Idle => MachineState.Idle,
            _ when stateValue == options.StateValues.Running => MachineState.Running,
            _ when stateValue == options.StateValues.Done => MachineState.Done,
            _ when stateValue == options.StateValues.Fault => MachineState.Fault,
            _ => throw new MachineRefusedException(
                $"The state register (address {_map.State.Address}) holds {stateValue}, none of {configurationKey}:StateValues " +
                $"(Idle {options.StateValues.Idle}, Running {options.StateValues.Running}, Done {options.StateValues.Done}, Fault {options.StateValues.Fault})."),
        };
        var alarm = _map.Alarm.Address is null ? 0 : (int)Value(registers, _map.Alarm);
        string? text = null;
        if (_map.AlarmText.Address is { } textAt && alarm != 0)
        {
            text = ModbusValues.DecodeText(registers.Span(_map.AlarmText.Table, textAt, _map.AlarmText.Length));
        }

        return new MachineSnapshot(
            state,
            (long)Value(registers, _map.Good),
            _map.Scrap.Address is null ? 0 : (long)Value(registers, _map.Scrap),
            alarm,
            text,
            (int)Value(registers, _map.Program));
    }

    public Task WaitForChangeAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.Delay(interval, cancellationToken);

    public Task StartAsync(int program, int quantity, string jobId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) => RefusalsAsMachineErrors(async () =>
    {
        // Encoded before anything is written: a value the register cannot hold refuses the start with the machine untouched.
        var values = _map.Parameters.Where(m => parameters.ContainsKey(m.Key)).OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => (Register: m.Value, Words: EncodeParameter(m.Key, parameters[m.Key], m.Value))).ToList();
        foreach (var (register, words) in values)
        {
            await WriteWordsAsync(register, words, cancellationToken).ConfigureAwait(false);
        }

        await WriteAsync(_map.Program, program, cancellationToken).ConfigureAwait(false);
        await WriteAsync(_map.Quantity, quantity, cancellationToken).ConfigureAwait(false);
        await _client.WriteSingleCoilAsync(options.Coils.Start!.Value, true, cancellationToken).ConfigureAwait(false);
        return true;
    });

    public Task StopAsync(CancellationToken cancellationToken) =>
        RefusalsAsMachineErrors(async () =>
        {
            await _client.WriteSingleCoilAsync(options.Coils.Stop!.Value, true, cancellationToken).ConfigureAwait(false);
            return true;
        });

    public Task ResetAsync(CancellationToken cancellationToken) =>
        options.Coils.Reset is { } reset
            ? RefusalsAsMachineErrors(async () =>
            {
                await _client.WriteSingleCoilAsync(reset, true, cancellationToken).ConfigureAwait(false);
                return true;
            })
            : throw new MachineRefusedException($"No reset coil is mapped ({configurationKey}:Coils:Reset): acknowledge the alarm at the machine.");

    public Task DisconnectAsync() => _client.DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private ushort[] EncodeParameter(string name, string text, ModbusRegisterOptions register)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new MachineRefusedException($"Parameter '{name}' is mapped to register {register.Address} but is not a number.");
        }

        try
        {
            return ModbusValues.Encode(value, register, options.WordOrder);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new MachineRefusedException($"Parameter '{name}': {e.Message.Split(Environment.NewLine)[0]}", e);
        }
    }

    private Task WriteAsync(ModbusRegisterOptions register, double value, CancellationToken cancellationToken) =>
        WriteWordsAsync(register, ModbusValues.Encode(value, register, options.WordOrder), cancellationToken);

    private async Task WriteWordsAsync(ModbusRegisterOptions register, ushort[] words, CancellationToken cancellationToken)
    {
        if (words.Length == 1)
        {
            await _client.WriteSingleRegisterAsync(register.Address!.Value, words[0], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _client.WriteMultipleRegistersAsync(register.Address!.Value, words, cancellationToken).ConfigureAwait(false);
        }
    }

    private double Value(RegisterWindows registers, ModbusRegisterOptions register) =>
        ModbusValues.Decode(registers.Span(register.Table, register.Address!.Value, register.Width), register, options.WordOrder);

    private async Task<RegisterWindows> ReadMappedAsync(CancellationToken cancellationToken)
    {
        var windows = new RegisterWindows();
        foreach (var table in new[] { ModbusTable.Holding, ModbusTable.Input })
        {
            var spans = MappedSpans(table);
            if (spans.Count == 0)
            {
                continue;
            }

            var first = spans.Min(s => s.Address);
            var end = spans.Max(s => s.Address + s.Count);
            foreach (var (address, count) in end - first <= MaxRegistersPerRead ? [(first, end - first)] : spans)
            {
                var values = table == ModbusTable.Holding
                    ? await _client.ReadHoldingRegistersAsync(address, count, cancellationToken).ConfigureAwait(false)
                    : await _client.ReadInputRegistersAsync(address, count, cancellationToken).ConfigureAwait(false);
                windows.Add(table, address, values);
            }
        }

        return windows;
    }

    private List<(int Address, int Count)> MappedSpans(ModbusTable table)
    {
        var spans = new List<(int, int)>();
        foreach (var register in new[] { _map.Program, _map.Good, _map.Scrap, _map.State, _map.Alarm })
        {
            if (register.Address is { } address && register.Table == table)
            {
                spans.Add((address, register.Width));
            }
        }

        if (_map.AlarmText.Address is { } text && _map.AlarmText.Table == table)
        {
            spans.Add((text, _map.AlarmText.Length));
        }

        return spans;
    }

    private static async Task<T> RefusalsAsMachineErrors<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ModbusServerException e)
        {
            throw new MachineRefusedException(e.Message, e);
        }
    }

    /// <summary>The registers read in one poll, by table and address.</summary>
    private sealed class RegisterWindows
    {
        private readonly List<(ModbusTable Table, int Address, ushort[] Values)> _windows = [];

        public void Add(ModbusTable table, int address, ushort[] values) => _windows.Add((table, address, values));

        public ReadOnlySpan<ushort> Span(ModbusTable table, int address, int count)
        {
            foreach (var (t, start, values) in _windows)
            {
                if (t == table && address >= start && address + count <= start + values.Length)
                {
                    return values.AsSpan(address - start, count);
                }
            }

            throw new InvalidOperationException($"Registers {address}..{address + count - 1} ({table}) were not read.");
        }
    }
}
