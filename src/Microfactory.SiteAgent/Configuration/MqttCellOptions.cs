namespace Microfactory.SiteAgent.Configuration;

/// <summary>TLS to the broker. On unless turned off; plain MQTT only belongs on an isolated cell network.</summary>
public sealed class MqttTlsOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>PEM file of the CA that signed the broker's certificate; unset: the system's trusted CAs.</summary>
    public string? CaFile { get; set; }

    /// <summary>PEM file of the agent's client certificate, for brokers that authenticate clients by certificate.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>PEM file of the client certificate's private key.</summary>
    public string? ClientKeyFile { get; set; }
}

/// <summary>The JSON the agent publishes on the command topic.</summary>
public sealed class MqttCommandPayload
{
    /// <summary>The field naming the command; its values are <see cref="Start"/>, <see cref="Stop"/> and <see cref="Reset"/>.</summary>
    public string CommandField { get; set; } = "command";

    public string Start { get; set; } = "start";

    public string Stop { get; set; } = "stop";

    public string Reset { get; set; } = "reset";

    public string ProgramField { get; set; } = "program";

    public string QuantityField { get; set; } = "quantity";

    /// <summary>
    /// Job parameters sent with a start, by parameter name: the payload field each goes in (e.g.
    /// <c>ParameterFields:width</c> = "width_mm"). A number parameter is sent as a JSON number, any other as a string,
    /// both with the text the job carried. A parameter the job does not carry is left out.
    /// </summary>
    public Dictionary<string, string> ParameterFields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The field carrying the agent's job id with a start (machines may echo it); empty: not sent.</summary>
    public string JobField { get; set; } = "job";
}

/// <summary>Where each value is in the JSON the machine publishes on the status topic (dotted paths, e.g. "alarm.code").</summary>
public sealed class MqttStatusPayload
{
    public string StateField { get; set; } = "state";

    public string GoodField { get; set; } = "good";

    public string ScrapField { get; set; } = "scrap";

    public string AlarmCodeField { get; set; } = "alarm.code";

    public string AlarmTextField { get; set; } = "alarm.text";

    /// <summary>The program the machine is set up for (optional in the payload).</summary>
    public string ProgramField { get; set; } = "program";

    public string Idle { get; set; } = "idle";

    public string Running { get; set; } = "running";

    public string Done { get; set; } = "done";

    public string Fault { get; set; } = "fault";
}

/// <summary>Settings for the "mqtt" driver (section <c>Agent:Cells:{n}:Mqtt</c>).</summary>
public sealed class MqttCellOptions
{
    /// <summary>The broker's host name or address.</summary>
    public string Host { get; set; } = "";

    /// <summary>The broker's port; unset: 8883 with TLS, 1883 without.</summary>
    public int? Port { get; set; }

    /// <summary>The agent's MQTT client id; unset: "mf-agent-&lt;site&gt;-&lt;cell&gt;".</summary>
    public string? ClientId { get; set; }

    /// <summary>The agent's user name at the broker. A user name and password, or a client certificate, is required.</summary>
    public string? Username { get; set; }

    /// <summary>Set it in the environment (<c>Agent__Cells__N__Mqtt__Password</c>), never in appsettings.json; never logged.</summary>
    public string? Password { get; set; }

    public MqttTlsOptions Tls { get; set; } = new();

    /// <summary>Where the agent publishes commands (QoS 1), e.g. "factory/osaka-01/printer-1/command".</summary>
    public string CommandTopic { get; set; } = "";

    /// <summary>Where the machine publishes its status JSON (retained, so a reconnecting agent reads it at once).</summary>
    public string StatusTopic { get; set; } = "";

    /// <summary>Where the machine announces itself online and its last will offline; optional.</summary>
    public string? AvailabilityTopic { get; set; }

    public string OnlinePayload { get; set; } = "online";

    public string OfflinePayload { get; set; } = "offline";

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public MqttCommandPayload Command { get; set; } = new();

    public MqttStatusPayload Status { get; set; } = new();

    /// <summary>The port in use: <see cref="Port"/>, or the protocol's default for the TLS setting.</summary>
    public int ResolvePort() => Port ?? (Tls.Enabled ? 8883 : 1883);

    // Options objects end up in debugger views and exception messages; keep the password out of them.
    public override string ToString() => $"mqtt {Host}:{ResolvePort()} (password redacted)";
}
