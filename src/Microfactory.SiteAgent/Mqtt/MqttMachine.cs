using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microfactory.SiteAgent.Configuration;
using Microfactory.SiteAgent.Link;
using Microfactory.SiteAgent.Machines;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Microfactory.SiteAgent.Mqtt;

/// <summary>
/// A machine on an MQTT broker (MQTT 5, MQTTnet): the agent publishes commands with QoS 1 and reads the machine's
/// status messages (retained, so a reconnecting agent has the latest at once); the machine's last will on the
/// availability topic, or the broker connection lost, is the machine down.
/// </summary>
internal sealed class MqttMachine(MqttCellOptions options, string clientId, string configurationKey) : IMachineProtocol
{
    private readonly AsyncPulse _messages = new();
    private readonly Lock _gate = new();
    private IMqttClient? _client;
    private MachineSnapshot? _status;
    private string? _statusError;
    private string? _availability;
    private string? _lost;
    private bool _ranSinceLastRead;

    public string Endpoint => $"mqtt {options.Host}:{options.ResolvePort()} {options.StatusTopic}";

    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await DisconnectAsync().ConfigureAwait(false);
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += OnMessageAsync;
        client.DisconnectedAsync += OnDisconnectedAsync;
        lock (_gate)
        {
            _client = client;
            _status = null;
            _statusError = null;
            _availability = null;
            _lost = null;
        }

        var result = await client.ConnectAsync(ClientOptions(), cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw Refused(result.ResultCode, result.ReasonString);
        }

        var subscribe = new MqttClientSubscribeOptionsBuilder().WithTopicFilter(options.StatusTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        if (!string.IsNullOrEmpty(options.AvailabilityTopic))
        {
            subscribe.WithTopicFilter(options.AvailabilityTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        var subscribed = await client.SubscribeAsync(subscribe.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var item in subscribed.Items.Where(i => (int)i.ResultCode >= 0x80))
        {
            throw new IOException($"The broker refused the subscription to '{item.TopicFilter.Topic}': {item.ResultCode}.");
        }
    }

    public Task<MachineSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lost is not null || _client is not { IsConnected: true })
            {
                throw new IOException(_lost ?? "Not connected to the broker.");
            }

            if (_statusError is not null)
            {
                throw new MachineRefusedException(_statusError);
            }

            if (_availability is not null && string.Equals(_availability, options.OfflinePayload, StringComparison.Ordinal))
            {
                return Task.FromResult((_status ?? Unknown) with { Offline = $"The machine is offline ('{_availability}' on '{options.AvailabilityTopic}', its last will)." });
            }

            var ran = _ranSinceLastRead;
            _ranSinceLastRead = false;
            return Task.FromResult(_status is { } status
                ? status with { RanSinceLastRead = ran }
                : Unknown with { Offline = $"No status from the machine on '{options.StatusTopic}' yet." });
        }
    }

    public async Task WaitForChangeAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var message = _messages.Next;
        using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(message, Task.Delay(interval, poll.Token)).ConfigureAwait(false);

        // A status message came first: the poll's timer goes now rather than at its time.
        await poll.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public Task StartAsync(int program, int quantity, string jobId, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        PublishAsync(MqttPayloads.Start(options.Command, program, quantity, jobId, parameters), cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => PublishAsync(MqttPayloads.Command(options.Command, options.Command.Stop), cancellationToken);

    public Task ResetAsync(CancellationToken cancellationToken) => PublishAsync(MqttPayloads.Command(options.Command, options.Command.Reset), cancellationToken);

    public async Task DisconnectAsync()
    {
        IMqttClient? client;
        lock (_gate)
        {
            client = _client;
            _client = null;
        }

        if (client is null)
        {
            return;
        }

        client.DisconnectedAsync -= OnDisconnectedAsync;
        client.ApplicationMessageReceivedAsync -= OnMessageAsync;
        if (client.IsConnected)
        {
            await client.TryDisconnectAsync(MqttClientDisconnectOptionsReason.NormalDisconnection, "agent stops").ConfigureAwait(false);
        }

        client.Dispose();
    }

    public async ValueTask DisposeAsync() => await DisconnectAsync().ConfigureAwait(false);

    private IOException Refused(MqttClientConnectResultCode code, string? reason)
    {
        var hint = code is MqttClientConnectResultCode.NotAuthorized or MqttClientConnectResultCode.BadUserNameOrPassword
            ? $"; check {configurationKey}:Username and {configurationKey}:Password, or the client certificate"
            : "";
        return new IOException($"The broker refused the connection: {code}{(string.IsNullOrEmpty(reason) ? "" : $" ({reason})")}{hint}.");
    }

    private static MachineSnapshot Unknown => new(MachineState.Idle, 0, 0, 0, null, null);

    private async Task PublishAsync(string payload, CancellationToken cancellationToken)
    {
        IMqttClient client;
        lock (_gate)
        {
            client = _client is { IsConnected: true } connected ? connected : throw new IOException(_lost ?? "Not connected to the broker.");
        }

        var result = await client.PublishStringAsync(options.CommandTopic, payload, MqttQualityOfServiceLevel.AtLeastOnce, retain: false, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new MachineRefusedException($"The broker did not accept the command on '{options.CommandTopic}': {result.ReasonCode} {result.ReasonString}".TrimEnd());
        }
    }

    private MqttClientOptions ClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.ResolvePort())
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.ConnectTimeout);
        if (!string.IsNullOrEmpty(options.Username))
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        if (options.Tls.Enabled)
        {
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(options.Host);
                if (!string.IsNullOrEmpty(options.Tls.CaFile))
                {
                    // A factory's own CA usually publishes no revocation list: trust it alone, without an online check.
                    var trust = new X509Certificate2Collection();
                    trust.ImportFromPemFile(options.Tls.CaFile);
                    tls.WithTrustChain(trust).WithRevocationMode(X509RevocationMode.NoCheck);
                }

                if (!string.IsNullOrEmpty(options.Tls.ClientCertificateFile))
                {
                    tls.WithClientCertificates([X509Certificate2.CreateFromPemFile(options.Tls.ClientCertificateFile, options.Tls.ClientKeyFile)]);
                }
            });
        }

        return builder.Build();
    }

    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var payload = message.Payload.ToArray();
        lock (_gate)
        {
            if (message.Topic == options.StatusTopic)
            {
                try
                {
                    _status = MqttPayloads.Status(options.Status, message.Topic, payload);
                    _statusError = null;
                    _ranSinceLastRead |= _status.State == MachineState.Running;
                }
                catch (MachineRefusedException error)
                {
                    _statusError = error.Message;
                }
            }
            else if (message.Topic == options.AvailabilityTopic)
            {
                _availability = Encoding.UTF8.GetString(payload).Trim();
            }
        }

        _messages.Pulse();
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        lock (_gate)
        {
            _lost = $"The broker connection was lost ({e.Reason}{(e.Exception is null ? "" : $": {e.Exception.Message}")}).";
        }

        _messages.Pulse();
        return Task.CompletedTask;
    }
}
