using System.Buffers.Binary;

namespace Microfactory.SiteAgent.Modbus;

/// <summary>
/// Modbus TCP framing: a 7-byte MBAP header (transaction id, protocol id 0, length of what follows, unit id) and the
/// PDU (function code and data), all big-endian (Modbus Messaging on TCP/IP Implementation Guide v1.0b, section 3.1.3).
/// </summary>
public static class ModbusFrame
{
    public const int HeaderLength = 7;

    /// <summary>The largest PDU: 253 bytes, so an ADU is at most 260.</summary>
    public const int MaxPduLength = 253;

    /// <summary>A request ADU.</summary>
    public static byte[] Request(ushort transactionId, byte unitId, ModbusFunction function, ReadOnlySpan<byte> data)
    {
        if (data.Length + 1 > MaxPduLength)
        {
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, $"A Modbus PDU holds at most {MaxPduLength} bytes.");
        }

        var frame = new byte[HeaderLength + 1 + data.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, transactionId);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 0);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)(2 + data.Length));
        frame[6] = unitId;
        frame[7] = (byte)function;
        data.CopyTo(frame.AsSpan(8));
        return frame;
    }

    /// <summary>Reads a response header; returns the transaction id, unit id and the PDU length that follows it.</summary>
    /// <exception cref="ModbusProtocolException">Not Modbus (protocol id) or a length no valid response has.</exception>
    public static (ushort TransactionId, byte UnitId, int PduLength) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < HeaderLength)
        {
            throw new ModbusProtocolException($"Truncated Modbus header: {header.Length} of {HeaderLength} bytes.");
        }

        var protocol = BinaryPrimitives.ReadUInt16BigEndian(header[2..]);
        if (protocol != 0)
        {
            throw new ModbusProtocolException($"Protocol id {protocol} in the MBAP header, expected 0 (Modbus): this is not a Modbus TCP device.");
        }

        // The length counts the unit id and the PDU; the shortest response is an exception (function + code).
        var length = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
        if (length < 3)
        {
            throw new ModbusProtocolException($"MBAP length {length} is too short for any Modbus response (at least 3).");
        }

        if (length > MaxPduLength + 1)
        {
            throw new ModbusProtocolException($"MBAP length {length} is oversized: a Modbus PDU holds at most {MaxPduLength} bytes.");
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(header), header[6], length - 1);
    }

    /// <summary>
    /// Checks a response against its request and returns the response's data (after the function code).
    /// </summary>
    /// <exception cref="ModbusServerException">An exception response.</exception>
    /// <exception cref="ModbusProtocolException">The response does not belong to the request.</exception>
    public static ReadOnlyMemory<byte> ReadResponse(
        ushort expectedTransactionId, byte expectedUnitId, ModbusFunction function, int address,
        ushort transactionId, byte unitId, ReadOnlyMemory<byte> pdu)
    {
        if (transactionId != expectedTransactionId)
        {
            throw new ModbusProtocolException($"Response transaction id {transactionId} does not match the request's {expectedTransactionId}.");
        }

        if (unitId != expectedUnitId)
        {
            throw new ModbusProtocolException($"Response from unit {unitId} to a request for unit {expectedUnitId}.");
        }

        var code = pdu.Span[0];
        if (code == ((byte)function | 0x80))
        {
            if (pdu.Length != 2)
            {
                throw new ModbusProtocolException($"Exception response of {pdu.Length} bytes, expected 2.");
            }

            throw new ModbusServerException(function, pdu.Span[1], address, unitId);
        }

        if (code != (byte)function)
        {
            throw new ModbusProtocolException($"Response with function code {code} to {function.Describe()}.");
        }

        return pdu[1..];
    }
}
