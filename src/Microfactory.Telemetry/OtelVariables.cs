using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Microfactory.Telemetry;

/// <summary>
/// The standard <c>OTEL_*</c> variables as configuration holds them (environment variables are part of it). The
/// OpenTelemetry SDK reads and applies them itself; this only decides whether to export at all, and stops start-up
/// on a value the SDK would otherwise ignore quietly (a typo in a deployment would silently export nothing).
/// </summary>
public static class OtelVariables
{
    public const string Endpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] Endpoints =
        [Endpoint, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"];

    private static readonly string[] Protocols =
        ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"];

    /// <summary>True when an OTLP endpoint is configured; throws, naming the variable, when one of them is malformed.</summary>
    public static bool ExportConfigured(IConfiguration configuration)
    {
        var enabled = false;
        foreach (var key in Endpoints)
        {
            if (configuration[key] is { Length: > 0 } text)
            {
                enabled = Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? true
                    : throw new InvalidOperationException($"{key} '{text}' is not an absolute http:// or https:// URL.");
            }
        }

        foreach (var key in Protocols)
        {
            if (configuration[key] is { Length: > 0 } protocol && protocol is not ("grpc" or "http/protobuf"))
            {
                throw new InvalidOperationException($"{key} '{protocol}' is not supported; use 'grpc' or 'http/protobuf'.");
            }
        }

        if (configuration["OTEL_METRIC_EXPORT_INTERVAL"] is { Length: > 0 } interval
            && !(int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0))
        {
            throw new InvalidOperationException($"OTEL_METRIC_EXPORT_INTERVAL '{interval}' must be a positive number of milliseconds.");
        }

        if (configuration["OTEL_RESOURCE_ATTRIBUTES"] is { Length: > 0 } attributes
            && attributes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault(p => p.IndexOf('=', StringComparison.Ordinal) <= 0) is { } bad)
        {
            throw new InvalidOperationException($"OTEL_RESOURCE_ATTRIBUTES entry '{bad}' is not key=value.");
        }

        return enabled;
    }
}
