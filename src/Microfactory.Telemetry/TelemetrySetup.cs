using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microfactory.Telemetry;

public static class TelemetrySetup
{
    /// <summary>Turns on the experimental gRPC server attributes of the ASP.NET Core instrumentation (rpc.*, span named by method).</summary>
    private const string AspNetCoreGrpcFlag = "OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_ENABLE_GRPC_INSTRUMENTATION";

    /// <summary>
    /// Traces, metrics and logs over OTLP through OpenTelemetry's hosting package when an <c>OTEL_EXPORTER_OTLP_*</c>
    /// endpoint is configured: the named sources and meters plus the ASP.NET Core (server spans named by route, gRPC
    /// server spans by method), HttpClient, gRPC client and runtime instrumentation. The SDK reads the other
    /// <c>OTEL_*</c> variables (protocol, headers, resource, intervals) and flushes when the host stops. With no endpoint
    /// nothing is registered, so an unconfigured process pays nothing and prints nothing.
    /// </summary>
    public static IHostApplicationBuilder AddMicrofactoryTelemetry(this IHostApplicationBuilder builder, string serviceName, IEnumerable<string> sources, IEnumerable<string> meters)
    {
        var configuration = builder.Configuration;
        if (!OtelVariables.ExportConfigured(configuration))
        {
            return builder;
        }

        if (string.IsNullOrEmpty(configuration[AspNetCoreGrpcFlag]))
        {
            configuration[AspNetCoreGrpcFlag] = "true";
        }

        var name = configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } configured ? configured : serviceName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(name, serviceInstanceId: $"{Environment.MachineName}-{Environment.ProcessId}"))
            .WithTracing(tracing => tracing
                .AddSource([.. sources])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()

                // One span per gRPC call named by its method, instead of an HTTP POST span beneath it.
                .AddGrpcClientInstrumentation(o => o.SuppressDownstreamInstrumentation = true))
            .WithMetrics(metrics => metrics
                .AddMeter([.. meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(_ => { }, o => o.IncludeFormattedMessage = true)
            .UseOtlpExporter();
        return builder;
    }
}
