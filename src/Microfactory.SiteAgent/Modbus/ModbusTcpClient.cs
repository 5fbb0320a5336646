using System.Buffers.Binary;
using System.Net.Sockets;

namespace Microfactory.SiteAgent.Modbus;

/// <summary>
/// A Modbus TCP client for one unit id: one request at a time, each with a fresh transaction id and a time limit.
/// A timeout, a broken or untrustworthy stream (<see cref="ModbusProtocolException"/>) closes the connection, so a late
/// answer is never taken for the next one; the caller connects again (the agent's machine loop, with backoff).
/// An exception response (<see cref="ModbusServerException"/>) leaves the connection open.
/// </summary>
public sealed class ModbusTcpClient(string host, int port, byte unitId, TimeSpan requestTimeout) : IAsyncDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);
    private TcpClient? _tcp;
    private NetworkStream? _stream;
    private ushort _lastTransactionId;

    public string Endpoint => $"{host}:{port} unit {unitId}";

    public bool IsConnected => Volatile.Read(ref _stream) is not null;

    /// <exception cref="TimeoutException">No connection within <paramref name="timeout"/>.</exception>
    /// <exception cref="SocketException">Refused, unreachable, unknown host.</exception>
    public async Task ConnectAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Close();
            var tcp = new TcpClient { NoDelay = true };
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await tcp.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                tcp.Dispose();
                throw new TimeoutException($"No Modbus TCP connection to {host}:{port} within {timeout.TotalSeconds:0.###} s.");
            }
            catch
            {
                tcp.Dispose();
                throw;
            }

            _tcp = tcp;
            Volatile.Write(ref _stream, tcp.GetStream());
        }
        finally
        {
            _one.Release();
        }
    }

    public async Task<bool[]> ReadCoilsAsync(int address, int count, CancellationToken cancellationToken) =>
        Bits(await SendAsync(ModbusFunction.ReadCoils, address, AddressAndCount(address, count, 2000), cancellationToken).ConfigureAwait(false), count);

    public async Task<bool[]> ReadDiscreteInputsAsync(int address, int count, CancellationToken cancellationToken) =>
        Bits(await SendAsync(ModbusFunction.ReadDiscreteInputs, address, AddressAndCount(address, count, 2000), cancellationToken).ConfigureAwait(false), count);

    public async Task<ushort[]> ReadHoldingRegistersAsync(int address, int count, CancellationToken cancellationToken) =>
        Registers(await SendAsync(ModbusFunction.ReadHoldingRegisters, address, AddressAndCount(address, count, 125), cancellationToken).ConfigureAwait(false), count);

    public async Task<ushort[]> ReadInputRegistersAsync(int address, int count, CancellationToken cancellationToken) =>
        Registers(await SendAsync(ModbusFunction.ReadInputRegisters, address, AddressAndCount(address, count, 125), cancellationToken).ConfigureAwait(false), count);

    public async Task WriteSingleCoilAsync(int address, bool value, CancellationToken cancellationToken)
    {
        var request = AddressAndValue(address, value ? (ushort)0xFF00 : (ushort)0x0000);
        Echo(await SendAsync(ModbusFunction.WriteSingleCoil, address, request, cancellationToken).ConfigureAwait(false), request);
    }

    public async Task WriteSingleRegisterAsync(int address, ushort value, CancellationToken cancellationToken)
    {
        var request = AddressAndValue(address, value);
        Echo(await SendAsync(ModbusFunction.WriteSingleRegister, address, request, cancellationToken).ConfigureAwait(false), request);
    }

    public async Task WriteMultipleCoilsAsync(int address, IReadOnlyList<bool> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var head = AddressAndCount(address, values.Count, 1968);
        var request = new byte[5 + ((values.Count + 7) / 8)];
        head.CopyTo(request, 0);
        request[4] = (byte)(request.Length - 5);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i])
            {
                request[5 + (i / 8)] |= (byte)(1 << (i % 8));
            }
        }

        Echo(await SendAsync(ModbusFunction.WriteMultipleCoils, address, request, cancellationToken).ConfigureAwait(false), head);
    }

    public async Task WriteMultipleRegistersAsync(int address, IReadOnlyList<ushort> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var head = AddressAndCount(address, values.Count, 123);
        var request = new byte[5 + (2 * values.Count)];
        head.CopyTo(request, 0);
        request[4] = (byte)(2 * values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(5 + (2 * i)), values[i]);
        }

        Echo(await SendAsync(ModbusFunction.WriteMultipleRegisters, address, request, cancellationToken).ConfigureAwait(false), head);
    }

    public async ValueTask DisposeAsync()
    {
        await _one.WaitAsync().ConfigureAwait(false);
        try
        {
            Close();
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task<ReadOnlyMemory<byte>> SendAsync(ModbusFunction function, int address, byte[] data, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = _stream ?? throw new IOException($"Not connected to the Modbus TCP device at {Endpoint}.");
            var transactionId = unchecked(++_lastTransactionId);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(requestTimeout);
            try
            {
                await stream.WriteAsync(ModbusFrame.Request(transactionId, unitId, function, data), limit.Token).ConfigureAwait(false);
                var header = new byte[ModbusFrame.HeaderLength];
                await ReadExactlyAsync(stream, header, "header", limit.Token).ConfigureAwait(false);
                var (answeredId, answeredUnit, pduLength) = ModbusFrame.ReadHeader(header);
                var pdu = new byte[pduLength];
                await ReadExactlyAsync(stream, pdu, "PDU", limit.Token).ConfigureAwait(false);
                return ModbusFrame.ReadResponse(transactionId, unitId, function, address, answeredId, answeredUnit, pdu);
            }
            catch (ModbusServerException)
            {
                throw;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Close();
                throw new TimeoutException($"No answer from {Endpoint} to {function.Describe()} at address {address} within {requestTimeout.TotalSeconds:0.###} s.");
            }
            catch
            {
                // A half-read or mismatched answer leaves the stream at an unknown position: start over on a new connection.
                Close();
                throw;
            }
        }
        finally
        {
            _one.Release();
        }
    }

    private static async Task ReadExactlyAsync(NetworkStream stream, byte[] buffer, string part, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw read == 0 && part == "header"
                    ? new IOException("The device closed the connection instead of answering.")
                    : new ModbusProtocolException($"The device closed the connection after {read} of {buffer.Length} bytes of a response {part} (truncated frame).");
            }

            read += n;
        }
    }

    private void Close()
    {
        Interlocked.Exchange(ref _stream, null)?.Dispose();
        _tcp?.Dispose();
        _tcp = null;
    }

    private static byte[] AddressAndCount(int address, int count, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, maxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(address);
        if (address + count > 0x10000)
        {
            throw new ArgumentOutOfRangeException(nameof(address), address, $"Addresses {address} to {address + count - 1} run past 65535.");
        }

        var data = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)address);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)count);
        return data;
    }

    private static byte[] AddressAndValue(int address, ushort value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(address);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(address, 0xFFFF);
        var data = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)address);
        BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), value);
        return data;
    }

    private static bool[] Bits(ReadOnlyMemory<byte> data, int count)
    {
        var bytes = (count + 7) / 8;
        if (data.Length != 1 + bytes || data.Span[0] != bytes)
        {
            throw new ModbusProtocolException($"A response for {count} bits must carry {bytes} data bytes; it carried {data.Length - 1} (byte count {data.Span[0]}).");
        }

        var bits = new bool[count];
        for (var i = 0; i < count; i++)
        {
            bits[i] = (data.Span[1 + (i / 8)] & (1 << (i % 8))) != 0;
        }

        return bits;
    }

    private static ushort[] Registers(ReadOnlyMemory<byte> data, int count)
    {
        if (data.Length != 1 + (2 * count) || data.Span[0] != 2 * count)
        {
            throw new ModbusProtocolException($"A response for {count} registers must carry {2 * count} data bytes; it carried {data.Length - 1} (byte count {data.Span[0]}).");
        }

        var registers = new ushort[count];
        for (var i = 0; i < count; i++)
        {
            registers[i] = BinaryPrimitives.ReadUInt16BigEndian(data.Span[(1 + (2 * i))..]);
        }

        return registers;
    }

    private static void Echo(ReadOnlyMemory<byte> data, byte[] expected)
    {
        if (!data.Span.SequenceEqual(expected))
        {
            throw new ModbusProtocolException($"The write's answer [{Convert.ToHexString(data.Span)}] does not echo its request [{Convert.ToHexString(expected)}].");
        }
    }
}
