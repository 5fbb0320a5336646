using System.Net;
using System.Net.Sockets;
using Microfactory.SiteAgent.Modbus;
using Microfactory.SiteAgent.Tests.Support;

namespace Microfactory.SiteAgent.Tests.Modbus;

/// <summary>The client against a real Modbus TCP server (python3-pymodbus 3.0) and against devices that misbehave.</summary>
public sealed class ModbusClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Every_function_code_round_trips_against_pymodbus()
    {
        var port = FreeTcpPort.Next();
        await using var machine = await MachineProcess.StartAsync("modbus_machine.py", "--port", $"{port}", "--unit", "3");
        await using var client = new ModbusTcpClient("127.0.0.1", port, 3, Timeout);
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to pymodbus");

        // Coils 5..14 (away from the machine's command coils): FC15 then FC1, FC5 then FC1.
        await client.WriteMultipleCoilsAsync(5, [true, false, true, true, false, false, true, false, true, true], CancellationToken.None);
        var coils = await client.ReadCoilsAsync(5, 10, CancellationToken.None);
        Assert.Equal(new[] { true, false, true, true, false, false, true, false, true, true }, coils);
        await client.WriteSingleCoilAsync(6, true, CancellationToken.None);
        coils = await client.ReadCoilsAsync(5, 3, CancellationToken.None);
        Assert.Equal(new[] { true, true, true }, coils);

        // Holding registers 40..42: FC16 then FC3, FC6 then FC3.
        await client.WriteMultipleRegistersAsync(40, [0x0102, 0xFFFF, 7], CancellationToken.None);
        Assert.Equal(new ushort[] { 0x0102, 0xFFFF, 7 }, await client.ReadHoldingRegistersAsync(40, 3, CancellationToken.None));
        await client.WriteSingleRegisterAsync(41, 1234, CancellationToken.None);
        Assert.Equal(new ushort[] { 0x0102, 1234, 7 }, await client.ReadHoldingRegistersAsync(40, 3, CancellationToken.None));

        // The read-only tables: FC2 and FC4 (all zero on this machine).
        Assert.Equal(new bool[9], await client.ReadDiscreteInputsAsync(0, 9, CancellationToken.None));
        Assert.Equal(new ushort[4], await client.ReadInputRegistersAsync(0, 4, CancellationToken.None));
    }

    [Fact]
    public async Task An_address_the_device_lacks_is_exception_2_and_the_connection_stays_usable()
    {
        var port = FreeTcpPort.Next();
        await using var machine = await MachineProcess.StartAsync("modbus_machine.py", "--port", $"{port}");
        await using var client = new ModbusTcpClient("127.0.0.1", port, 1, Timeout);
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to pymodbus");

        var error = await Assert.ThrowsAsync<ModbusServerException>(() => client.ReadHoldingRegistersAsync(1000, 2, CancellationToken.None));

        Assert.Equal(2, error.Code);
        Assert.Contains("illegal data address", error.Message, StringComparison.Ordinal);
        Assert.True(client.IsConnected);
        Assert.Single(await client.ReadHoldingRegistersAsync(0, 1, CancellationToken.None));
    }

    [Fact]
    public async Task An_answer_to_another_transaction_closes_the_connection()
    {
        await using var device = FakeDevice.Start(request => [.. Header(request, transactionOffset: 1), 0x03, 0x02, 0x00, 0x2A]);
        await using var client = new ModbusTcpClient("127.0.0.1", device.Port, 1, Timeout);
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to the fake device");

        var error = await Assert.ThrowsAsync<ModbusProtocolException>(() => client.ReadHoldingRegistersAsync(0, 1, CancellationToken.None));

        Assert.Contains("does not match the request's", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_frame_cut_short_is_a_truncated_frame()
    {
        // Announces 5 PDU bytes (length 6) but sends 2 and hangs up.
        await using var device = FakeDevice.Start(request => [request[0], request[1], 0, 0, 0, 6, 1, 0x03, 0x02], closeAfter: true);
        await using var client = new ModbusTcpClient("127.0.0.1", device.Port, 1, Timeout);
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to the fake device");

        var error = await Assert.ThrowsAsync<ModbusProtocolException>(() => client.ReadHoldingRegistersAsync(0, 1, CancellationToken.None));

        Assert.Contains("after 2 of 5 bytes of a response PDU (truncated frame)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_frame_is_refused_before_it_is_read()
    {
        await using var device = FakeDevice.Start(request => [request[0], request[1], 0, 0, 0x10, 0x00, 1, 0x03]);
        await using var client = new ModbusTcpClient("127.0.0.1", device.Port, 1, Timeout);
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to the fake device");

        var error = await Assert.ThrowsAsync<ModbusProtocolException>(() => client.ReadHoldingRegistersAsync(0, 1, CancellationToken.None));

        Assert.Contains("oversized", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task A_device_that_never_answers_times_out_naming_the_request()
    {
        await using var device = FakeDevice.Start(_ => null);
        await using var client = new ModbusTcpClient("127.0.0.1", device.Port, 9, TimeSpan.FromMilliseconds(200));
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to the fake device");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ReadCoilsAsync(3, 1, CancellationToken.None)).Within("the request to time out");

        Assert.Contains($"127.0.0.1:{device.Port} unit 9 to read coils (FC1) at address 3 within 0.2 s", error.Message, StringComparison.Ordinal);
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Each_request_gets_the_next_transaction_id()
    {
        var seen = new List<int>();
        await using var device = FakeDevice.Start(request =>
        {
            lock (seen)
            {
                seen.Add((request[0] << 8) | request[1]);
            }

            return [.. Header(request, transactionOffset: 0), 0x03, 0x02, 0x00, 0x01];
        });
        await using var client = new ModbusTcpClient("127.0.0.1", device.Port, 1, Timeout);
        await client.ConnectAsync(Timeout, CancellationToken.None).Within("a connection to the fake device");

        for (var i = 0; i < 3; i++)
        {
            await client.ReadHoldingRegistersAsync(0, 1, CancellationToken.None);
        }

        Assert.Equal([1, 2, 3], seen);
    }

    private static byte[] Header(byte[] request, int transactionOffset)
    {
        var id = ((request[0] << 8) | request[1]) + transactionOffset;
        return [(byte)(id >> 8), (byte)id, 0, 0, 0, 5, request[6]];
    }

    /// <summary>A TCP server that answers each request frame with whatever the test says (null: silence).</summary>
    private sealed class FakeDevice : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _serving;

        private FakeDevice(Func<byte[], byte[]?> answer, bool closeAfter)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _serving = ServeAsync(answer, closeAfter);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static FakeDevice Start(Func<byte[], byte[]?> answer, bool closeAfter = false) => new(answer, closeAfter);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
        }

        private async Task ServeAsync(Func<byte[], byte[]?> answer, bool closeAfter)
        {
            using var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = socket.GetStream();
            while (!_stop.IsCancellationRequested)
            {
                var header = new byte[7];
                await stream.ReadExactlyAsync(header, _stop.Token);
                var rest = new byte[((header[4] << 8) | header[5]) - 1];
                await stream.ReadExactlyAsync(rest, _stop.Token);
                if (answer([.. header, .. rest]) is { } response)
                {
                    await stream.WriteAsync(response, _stop.Token);
                    if (closeAfter)
                    {
                        return;
                    }
                }
            }
        }
    }
}
