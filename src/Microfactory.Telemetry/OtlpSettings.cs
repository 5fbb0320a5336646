using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Microfactory.Telemetry;

/// <summary>
/// The standard <c>OTEL_*</c> variables, read from configuration (environment variables are part of it), so a test host
/// can set them without touching the process environment. Nothing is exported unless an OTLP endpoint is set.
/// </summary>
public sealed record OtlpSettings(
    Uri? Endpoint,
    Uri? TracesEndpoint,
    Uri? MetricsEndpoint,
    Uri? LogsEndpoint,
    OtlpExportProtocol Protocol,
    string? Headers,
    string? ServiceName,
    IReadOnlyList<KeyValuePair<string, object>> ResourceAttributes,
    TimeSpan MetricExportInterval)
{
    public bool Enabled => Endpoint is not null || TracesEndpoint is not null || MetricsEndpoint is not null || LogsEndpoint is not null;

    public static OtlpSettings From(IConfiguration configuration)
    {
        var protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"] switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"OTEL_EXPORTER_OTLP_PROTOCOL '{other}' is not supported; use 'grpc' or 'http/protobuf'."),
        };
        var interval = configuration["OTEL_METRIC_EXPORT_INTERVAL"] is { Length: > 0 } ms
            ? TimeSpan.FromMilliseconds(int.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"OTEL_METRIC_EXPORT_INTERVAL '{ms}' must be a positive number of milliseconds."))
            : TimeSpan.FromSeconds(60);
        return new OtlpSettings(
            UriOf(configuration, "OTEL_EXPORTER_OTLP_ENDPOINT"),
            UriOf(configuration, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            UriOf(configuration, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"),
            UriOf(configuration, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"),
            protocol,
            configuration["OTEL_EXPORTER_OTLP_HEADERS"],
            configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : null,
            ParseAttributes(configuration["OTEL_RESOURCE_ATTRIBUTES"]),
            interval);
    }

    /// <summary>Configures one signal's exporter: its own endpoint as given, or the base endpoint plus the signal's path for HTTP.</summary>
    internal void Apply(OtlpExporterOptions options, Uri? signalEndpoint, string httpPath)
    {
        options.Protocol = Protocol;
        if (Headers is not null)
        {
            options.Headers = Headers;
        }

        if (signalEndpoint is not null)
        {
            options.Endpoint = signalEndpoint;
        }
        else if (Endpoint is not null)
        {
            options.Endpoint = Protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(Endpoint.AbsoluteUri.TrimEnd('/') + httpPath)
                : Endpoint;
        }
    }

    private static Uri? UriOf(IConfiguration configuration, string key) =>
        configuration[key] is { Length: > 0 } text
            ? Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{key} '{text}' is not an absolute URL.")
            : null;

    private static List<KeyValuePair<string, object>> ParseAttributes(string? text)
    {
        var attributes = new List<KeyValuePair<string, object>>();
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new InvalidOperationException($"OTEL_RESOURCE_ATTRIBUTES entry '{pair}' is not key=value.");
            }

            attributes.Add(new(pair[..eq].Trim(), Uri.UnescapeDataString(pair[(eq + 1)..].Trim())));
        }

        return attributes;
    }
}
