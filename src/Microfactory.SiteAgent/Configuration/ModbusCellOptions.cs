namespace Microfactory.SiteAgent.Configuration;

/// <summary>Which 16-bit word of a 32-bit value comes first (in the lower register address).</summary>
public enum ModbusWordOrder
{
    /// <summary>Big-endian: the high word in the lower address (Modicon's convention, most PLCs).</summary>
    HighWordFirst,

    /// <summary>The low word in the lower address ("word swapped", some Siemens and Schneider setups).</summary>
    LowWordFirst,
}

/// <summary>How a value is laid out in registers.</summary>
public enum ModbusValueType
{
    UInt16,
    Int16,
    UInt32,
    Int32,
    Float32,
}

/// <summary>Which register table a value is read from.</summary>
public enum ModbusTable
{
    /// <summary>Holding registers (read with function 3, written with 6 or 16).</summary>
    Holding,

    /// <summary>Input registers (read-only, function 4).</summary>
    Input,
}

/// <summary>One value in the PLC's registers.</summary>
public sealed class ModbusRegisterOptions
{
    /// <summary>The register address, from 0 (protocol addressing: "40001" in PLC notation is 0). Unset: the value is not mapped.</summary>
    public int? Address { get; set; }

    public ModbusValueType Type { get; set; } = ModbusValueType.UInt16;

    public ModbusTable Table { get; set; } = ModbusTable.Holding;

    /// <summary>Engineering value = raw × Scale (and raw = value ÷ Scale when written).</summary>
    public double Scale { get; set; } = 1;

    /// <summary>Registers the value spans: 1 for 16-bit types, 2 for 32-bit ones.</summary>
    public int Width => Type is ModbusValueType.UInt16 or ModbusValueType.Int16 ? 1 : 2;
}

/// <summary>An ASCII text over consecutive registers, two characters each, the first in the high byte.</summary>
public sealed class ModbusTextOptions
{
    public int? Address { get; set; }

    /// <summary>How many registers the text spans (1 to 64).</summary>
    public int Length { get; set; } = 16;

    public ModbusTable Table { get; set; } = ModbusTable.Holding;
}

/// <summary>The coils the agent sets to command the machine; the machine clears each when it takes the command.</summary>
public sealed class ModbusCoilOptions
{
    public int? Start { get; set; }

    public int? Stop { get; set; }

    /// <summary>Acknowledges an alarm after a repair; optional.</summary>
    public int? Reset { get; set; }
}

/// <summary>The registers of the job lifecycle.</summary>
public sealed class ModbusRegisterMap
{
    /// <summary>Written before each start: the program (recipe) number.</summary>
    public ModbusRegisterOptions Program { get; set; } = new();

    /// <summary>Written before each start: how many parts to make.</summary>
    public ModbusRegisterOptions Quantity { get; set; } = new();

    public ModbusRegisterOptions Good { get; set; } = new();

    public ModbusRegisterOptions Scrap { get; set; } = new();

    /// <summary>The machine's state, one of <see cref="ModbusCellOptions.StateValues"/>.</summary>
    public ModbusRegisterOptions State { get; set; } = new();

    /// <summary>The active alarm code; 0 when none.</summary>
    public ModbusRegisterOptions Alarm { get; set; } = new();

    /// <summary>
    /// Job parameters written before each start (after the previous job, before Program and Quantity), by parameter
    /// name: e.g. <c>Parameters:width</c> = holding register 40 as Float32. A parameter the job does not carry is not
    /// written; a value the register cannot hold (or that is not a number) refuses the job before anything is written.
    /// </summary>
    public Dictionary<string, ModbusRegisterOptions> Parameters { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The active alarm's text; optional (<see cref="MachineCellOptions"/> has no text then, only the code).</summary>
    public ModbusTextOptions AlarmText { get; set; } = new();
}

/// <summary>The values of the state register.</summary>
public sealed class ModbusStateValues
{
    public int Idle { get; set; }

    public int Running { get; set; } = 1;

    public int Done { get; set; } = 2;

    public int Fault { get; set; } = 3;
}

/// <summary>Settings for the "modbus" driver (section <c>Agent:Cells:{n}:Modbus</c>).</summary>
public sealed class ModbusCellOptions
{
    /// <summary>The PLC's host name or address.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 502;

    /// <summary>The unit (slave) id the PLC, or the gateway's device behind it, answers to (0 to 247).</summary>
    public int UnitId { get; set; } = 1;

    /// <summary>How long to wait for each answer; the connection is dropped and made again after a timeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public ModbusWordOrder WordOrder { get; set; } = ModbusWordOrder.HighWordFirst;

    public ModbusCoilOptions Coils { get; set; } = new();

    public ModbusRegisterMap Registers { get; set; } = new();

    public ModbusStateValues StateValues { get; set; } = new();
}
