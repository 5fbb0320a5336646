using System.Collections.Concurrent;
using Google.Protobuf;
using Microfactory.Telemetry.Tests.Otlp;
using Microfactory.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Microfactory.Telemetry.Tests;

/// <summary>
/// A small OTLP/HTTP (protobuf) endpoint: what a collector would receive, decoded with the OTLP messages and kept
/// with the service that sent it. It also keeps every raw body, so a test can check what never left a process.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<(string Service, string Metric)> _metrics = new();
    private readonly ConcurrentQueue<(string Service, LogRecord Record)> _logs = new();
    private readonly ConcurrentQueue<byte[]> _bodies = new();

    private OtlpReceiver(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    public IReadOnlyList<(string Service, string Metric)> Metrics => [.. _metrics];

    public IReadOnlyList<(string Service, LogRecord Record)> Logs => [.. _logs];

    public IEnumerable<byte[]> RawBodies => _bodies;

    public static async Task<OtlpReceiver> StartAsync()
    {
        var port = FreeTcpPort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app, new Uri($"http://127.0.0.1:{port}"));
        app.MapPost("/v1/traces", (HttpRequest request) => receiver.ReceiveAsync(request, ExportTraceServiceRequest.Parser, receiver.Add));
        app.MapPost("/v1/metrics", (HttpRequest request) => receiver.ReceiveAsync(request, ExportMetricsServiceRequest.Parser, receiver.Add));
        app.MapPost("/v1/logs", (HttpRequest request) => receiver.ReceiveAsync(request, ExportLogsServiceRequest.Parser, receiver.Add));
        await app.StartAsync().Within("the OTLP receiver to start");
        return receiver;
    }

    private async Task<IResult> ReceiveAsync<T>(HttpRequest request, MessageParser<T> parser, Action<T> add)
        where T : IMessage<T>
    {
        if (request.ContentType != "application/x-protobuf")
        {
            return Results.Problem($"OTLP/HTTP sends application/x-protobuf, not '{request.ContentType}'.", statusCode: 415);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        _bodies.Enqueue(body);
        add(parser.ParseFrom(body));
        return Results.Bytes([], "application/x-protobuf");
    }

    private void Add(ExportTraceServiceRequest request)
    {
        foreach (var resource in request.ResourceSpans)
        {
            var service = ServiceOf(resource.Resource);
            foreach (var span in resource.ScopeSpans.SelectMany(s => s.Spans.Select(span => (s.Scope, span))))
            {
                _spans.Enqueue(new ReceivedSpan(service, span.Scope?.Name ?? "", span.span));
            }
        }
    }

    private void Add(ExportMetricsServiceRequest request)
    {
        foreach (var resource in request.ResourceMetrics)
        {
            var service = ServiceOf(resource.Resource);
            foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                _metrics.Enqueue((service, metric.Name));
            }
        }
    }

    private void Add(ExportLogsServiceRequest request)
    {
        foreach (var resource in request.ResourceLogs)
        {
            var service = ServiceOf(resource.Resource);
            foreach (var record in resource.ScopeLogs.SelectMany(s => s.LogRecords))
            {
                _logs.Enqueue((service, record));
            }
        }
    }

    private static string ServiceOf(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One received span, with the service and instrumentation scope that produced it.</summary>
public sealed record ReceivedSpan(string Service, string Scope, Span Span)
{
    public string Name => Span.Name;

    public string TraceId => Convert.ToHexStringLower(Span.TraceId.Span);

    public string SpanId => Convert.ToHexStringLower(Span.SpanId.Span);

    public string ParentSpanId => Convert.ToHexStringLower(Span.ParentSpanId.Span);

    public object? Attribute(string key) => Span.Attributes.FirstOrDefault(a => a.Key == key)?.Value switch
    {
        null => null,
        { ValueCase: AnyValue.ValueOneofCase.StringValue } v => v.StringValue,
        { ValueCase: AnyValue.ValueOneofCase.IntValue } v => v.IntValue,
        { ValueCase: AnyValue.ValueOneofCase.DoubleValue } v => v.DoubleValue,
        { ValueCase: AnyValue.ValueOneofCase.BoolValue } v => v.BoolValue,
        var v => v.ToString(),
    };

    public override string ToString() => $"{Service}: {Name} ({Span.Kind}) {SpanId} <- {ParentSpanId}";
}
