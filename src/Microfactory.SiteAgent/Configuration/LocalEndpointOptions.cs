namespace Microfactory.SiteAgent.Configuration;

/// <summary>The agent's own HTTP endpoint for the factory's technicians (section <c>Agent:Local</c>): status and operator confirmations.</summary>
public sealed class LocalEndpointOptions
{
    /// <summary>Where it listens, e.g. http://127.0.0.1:5090 (loopback unless a technician's network needs more); unset: no endpoint.</summary>
    public Uri? Url { get; set; }

    /// <summary>The bearer token callers must send; unset: one is made at first start in &lt;StateDirectory&gt;/local-token (mode 0640).</summary>
    public string? Token { get; set; }

    public override string ToString() => $"local endpoint {Url?.ToString() ?? "off"} (token redacted)";
}
