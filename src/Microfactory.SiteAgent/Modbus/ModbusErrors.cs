namespace Microfactory.SiteAgent.Modbus;

/// <summary>
/// The device answered with a Modbus exception response (function code + 0x80): the connection is fine, the request
/// was refused. The message names the code, its meaning, the function and the address.
/// </summary>
public sealed class ModbusServerException(ModbusFunction function, byte code, int address, byte unitId)
    : Exception($"Modbus exception {code} ({Meaning(code)}) from unit {unitId} for {function.Describe()} at address {address}.")
{
    public ModbusFunction Function { get; } = function;

    /// <summary>The exception code: 1 illegal function, 2 illegal data address, 3 illegal data value, 4 device failure, ...</summary>
    public byte Code { get; } = code;

    public int Address { get; } = address;

    public static string Meaning(byte code) => code switch
    {
        1 => "illegal function: the device does not support this function code",
        2 => "illegal data address: the device has no such register or coil; check the register map",
        3 => "illegal data value: the device refused the value written",
        4 => "server device failure: the device failed while performing the request",
        5 => "acknowledge: accepted, still processing",
        6 => "server device busy: try again later",
        8 => "memory parity error",
        10 => "gateway path unavailable: the gateway has no route to the unit id",
        11 => "gateway target device failed to respond: the device behind the gateway did not answer",
        _ => "an exception code the protocol does not define",
    };
}

/// <summary>
/// What arrived is not a valid answer to the request (wrong protocol id, truncated or oversized frame, mismatched
/// transaction id, unit id or function): the client closes the connection, since the stream can no longer be trusted.
/// </summary>
public sealed class ModbusProtocolException(string message) : IOException(message);
