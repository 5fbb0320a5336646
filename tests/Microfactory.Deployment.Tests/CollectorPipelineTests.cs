using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests;

/// <summary>The collector's pipelines are complete, and the apps and Prometheus point at the ports it really opens.</summary>
public sealed class CollectorPipelineTests
{
    public static TheoryData<string> Configs() => new(["deploy/otel-collector/config.yaml", "k8s/base/otel-collector-configmap.yaml"]);

    [Theory]
    [MemberData(nameof(Configs))]
    public void Every_signal_has_a_pipeline_of_defined_components_to_its_backend(string file)
    {
        var config = Load(file);
        var pipelines = config.Path("service", "pipelines")!;
        var expected = new Dictionary<string, string> { ["traces"] = "tempo", ["metrics"] = "prometheus", ["logs"] = "loki" };
        foreach (var (signal, backend) in expected)
        {
            var pipeline = pipelines.Map(signal);
            Assert.True(pipeline is not null, $"{file} has no {signal} pipeline");
            foreach (var section in new[] { "receivers", "processors", "exporters" })
            {
                foreach (var component in pipeline.List(section).OfType<string>())
                {
                    Assert.True(config.Map(section)?.Entries.ContainsKey(component) == true, $"{file}: the {signal} pipeline uses {section[..^1]} '{component}', which is not defined.");
                }
            }

            Assert.Contains(pipeline.List("exporters").OfType<string>(), e => e.Contains(backend, StringComparison.Ordinal));
            Assert.Contains("otlp", pipeline.List("receivers").OfType<string>());
        }
    }

    [Fact]
    public void Compose_apps_send_to_the_collector_receiver_for_their_protocol()
    {
        var config = Load("deploy/otel-collector/config.yaml");
        foreach (var app in AppContainers.InCompose())
        {
            AssertSendsToCollector(app, config, "otel-collector");
        }
    }

    [Fact]
    public void Kubernetes_apps_send_to_the_collector_service()
    {
        var config = Load("k8s/base/otel-collector-configmap.yaml");
        var service = Kubernetes.Named("Service", "otel-collector");
        var deployment = Kubernetes.Named("Deployment", "otel-collector");
        var containerPorts = Kubernetes.ContainerPorts(deployment.Path("spec", "template", "spec")!.Maps("containers").Single());
        foreach (var app in AppContainers.InKubernetes().Where(a => a.Environment.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            var endpoint = new Uri(app.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"]!);
            var servicePort = service.Path("spec")!.Maps("ports").Single(p => Kubernetes.Int(p.Text("port")) == endpoint.Port);
            Assert.Equal(ReceiverPort(config, Protocol(app)), Kubernetes.Resolve(servicePort.Text("targetPort"), containerPorts));
            AssertSendsToCollector(app, config, "otel-collector", viaServicePort: true);
        }
    }

    [Fact]
    public void Prometheus_scrapes_the_collector_exporter_port()
    {
        var exporter = Load("deploy/otel-collector/config.yaml").Path("exporters", "prometheus")!.Text("endpoint")!;
        var targets = Yaml.LoadMap(Repo.PathOf("deploy", "prometheus", "prometheus.yml")).Maps("scrape_configs")
            .SelectMany(s => s.Maps("static_configs")).SelectMany(s => s.List("targets").OfType<string>());
        Assert.Contains($"otel-collector:{exporter.Split(':')[^1]}", targets);
    }

    private static void AssertSendsToCollector(AppContainer app, YamlMap config, string host, bool viaServicePort = false)
    {
        var endpoint = app.Environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT");
        Assert.True(endpoint is not null, $"{app.Where} sets no OTEL_EXPORTER_OTLP_ENDPOINT");
        var uri = new Uri(endpoint);
        Assert.Equal(host, uri.Host);
        if (!viaServicePort)
        {
            Assert.Equal(ReceiverPort(config, Protocol(app)), uri.Port);
        }
    }

    private static string Protocol(AppContainer app) =>
        app.Environment.GetValueOrDefault("OTEL_EXPORTER_OTLP_PROTOCOL") is "http/protobuf" ? "http" : "grpc";

    private static int ReceiverPort(YamlMap config, string protocol) =>
        Kubernetes.Int(config.Path("receivers", "otlp", "protocols", protocol)!.Text("endpoint")!.Split(':')[^1]);

    private static YamlMap Load(string file)
    {
        var document = (YamlMap)Yaml.LoadFile(Repo.PathOf(file)).Single()!;
        return document.Text("kind") == "ConfigMap" ? (YamlMap)Yaml.LoadAll(document.Path("data")!.Text("config.yaml")!).Single()! : document;
    }
}
