using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microfactory.Telemetry.Tests;

/// <summary>Telemetry is switched by the standard OTEL_* variables alone: none set, nothing is built.</summary>
public sealed class TelemetrySwitchTests
{
    [Fact]
    public void Without_an_OTLP_endpoint_no_provider_exporter_or_log_sink_is_added()
    {
        using var host = Build(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "named-but-not-exported" });

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(host.Services.GetServices<ILoggerProvider>(), p => p.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")]
    public void An_OTLP_endpoint_turns_on_traces_metrics_and_logs(string endpointVariable)
    {
        using var host = Build(new Dictionary<string, string?>
        {
            [endpointVariable] = "http://127.0.0.1:4318",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "mf.site.id=osaka-01,deployment.environment=test",
        });

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
        Assert.Contains(host.Services.GetServices<ILoggerProvider>(), p => p.GetType().Namespace?.StartsWith("OpenTelemetry", StringComparison.Ordinal) == true);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "not a url")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "soon")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "no-equals-sign")]
    public void A_malformed_variable_stops_start_up_naming_it(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318", [key] = value };

        var error = Assert.Throws<InvalidOperationException>(() => Build(settings).Dispose());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMicrofactoryTelemetry("switch-test", ["Switch.Test"], ["Switch.Test"]);
        return builder.Build();
    }
}
