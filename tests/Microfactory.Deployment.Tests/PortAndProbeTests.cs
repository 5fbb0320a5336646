extern alias SiteAgentApp;

using Microfactory.Deployment.Tests.Apps;
using Microfactory.Deployment.Tests.Support;
using SiteAgentApp::Microfactory.SiteAgent.Configuration;
using Microsoft.Extensions.Configuration;

namespace Microfactory.Deployment.Tests;

public sealed class PortAndProbeTests(OrchestratorRoutes routes) : IClassFixture<OrchestratorRoutes>
{
    [Fact]
    public async Task The_probe_paths_are_routes_the_orchestrator_serves()
    {
        Assert.Contains("/healthz", routes.Paths);
        Assert.Contains("/readyz", routes.Paths);
        using var client = routes.CreateClient();
        using var alive = await Await.Within(client.GetAsync(new Uri("/healthz", UriKind.Relative)), "GET /healthz on the in-memory orchestrator");
        Assert.Equal(System.Net.HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public void Compose_puts_every_silo_behind_the_load_balancer_which_publishes_the_ports_and_agents_dial_it()
    {
        var compose = Yaml.LoadMap(AppContainers.ComposeFile).Map("services")!;
        var silos = compose.Entries.Where(s => AppContainers.AppOfImage(((YamlMap)s.Value!).Text("image")) == App.Orchestrator).Select(s => s.Key).ToList();
        var endpoints = AppContainers.InCompose().Where(c => c.App == App.Orchestrator).Select(c => OrchestratorEndpoints.From(EffectiveConfiguration.For(c))).ToList();
        Assert.All(endpoints, e => Assert.True(e.ListensOnAllInterfaces, $"In compose a silo listens on {e}; the load balancer cannot reach a loopback address."));
        var (http, grpc) = (endpoints[0].HttpPort, endpoints[0].GrpcPort);
        Assert.All(endpoints, e => Assert.Equal((http, grpc), (e.HttpPort, e.GrpcPort)));

        var lb = compose.Map("lb") ?? throw new InvalidDataException("compose.yaml has no lb service");
        var published = lb.List("ports").OfType<string>().Select(p => int.Parse(p.Split(':')[^1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(new[] { http, grpc }.Order(), published.Order());
        Assert.All(silos, silo => Assert.Null(((YamlMap)compose[silo]!).List("ports").FirstOrDefault()));

        // nginx.conf: one upstream server per silo on each port, gRPC over HTTP/2 on the port agents dial.
        var nginx = File.ReadAllText(Path.Combine(Repo.Root, "deploy", "lb", "nginx.conf"));
        Assert.All(silos, silo =>
        {
            Assert.Contains($"server {silo}:{http};", nginx, StringComparison.Ordinal);
            Assert.Contains($"server {silo}:{grpc};", nginx, StringComparison.Ordinal);
        });
        Assert.Contains($"listen {grpc};", nginx, StringComparison.Ordinal);
        Assert.Contains("grpc_pass grpc://", nginx, StringComparison.Ordinal);

        foreach (var agent in AppContainers.InCompose().Where(c => c.App == App.SiteAgent))
        {
            var url = EffectiveConfiguration.For(agent).GetSection(AgentOptions.SectionName).Get<AgentOptions>()?.OrchestratorUrl;
            Assert.True(url is not null, $"{agent.Where} has no Agent:OrchestratorUrl");
            Assert.Equal(("lb", grpc), (url.Host, url.Port));
        }
    }

    [Fact]
    public void The_orchestrator_image_exposes_its_ports_and_checks_a_real_health_route()
    {
        var dockerfile = AppImages.For(App.Orchestrator);
        var compose = AppContainers.InCompose().First(c => c.App == App.Orchestrator);
        var endpoints = OrchestratorEndpoints.From(EffectiveConfiguration.For(compose with { Environment = new Dictionary<string, string?>() }));
        Assert.True(endpoints.ListensOnAllInterfaces, $"The image's own ENV should make the orchestrator listen on all interfaces, not {endpoints}.");

        var exposed = dockerfile.Final.Arguments("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(endpoints.HttpPort.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);
        Assert.Contains(endpoints.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), exposed);

        var healthcheck = Assert.Single(dockerfile.Final.Arguments("HEALTHCHECK"));
        Assert.Contains($"/{endpoints.HttpPort}", healthcheck); // bash's /dev/tcp/<host>/<port>
        var path = System.Text.RegularExpressions.Regex.Match(healthcheck, @"GET (/\S*) ").Groups[1].Value;
        Assert.Contains(path, routes.Paths);
    }

    [Fact]
    public void Kubernetes_ports_and_probes_match_the_orchestrator()
    {
        var deployment = Kubernetes.Orchestrator();
        var container = Kubernetes.OrchestratorContainer(deployment);
        var app = AppContainers.InKubernetes().Single(c => c.Where.StartsWith("k8s/base/orchestrator-deployment.yaml", StringComparison.Ordinal));
        var endpoints = OrchestratorEndpoints.From(EffectiveConfiguration.For(app));
        Assert.True(endpoints.ListensOnAllInterfaces, $"In Kubernetes the orchestrator listens on {endpoints}; the kubelet and Service cannot reach loopback.");

        var ports = Kubernetes.ContainerPorts(container);
        Assert.Equal(endpoints.HttpPort, ports["http"]);
        Assert.Equal(endpoints.GrpcPort, ports["grpc"]);

        Assert.Equal("/readyz", container.Path("readinessProbe", "httpGet")?.Text("path"));
        Assert.Equal("/healthz", container.Path("livenessProbe", "httpGet")?.Text("path"));
        foreach (var probe in new[] { "readinessProbe", "livenessProbe", "startupProbe" })
        {
            if (container.Path(probe, "httpGet") is { } get)
            {
                Assert.Contains(get.Text("path") ?? "(no path)", routes.Paths);
                Assert.Equal(endpoints.HttpPort, Kubernetes.Resolve(get.Text("port"), ports));
            }
        }

        var service = Kubernetes.Documents().Single(d => d.Doc.Text("kind") == "Service" && d.Doc.Path("metadata")?.Text("name") == "orchestrator").Doc;
        var servicePorts = service.Path("spec")!.Maps("ports").ToDictionary(p => p.Text("name") ?? "");
        Assert.Equal(endpoints.HttpPort, Kubernetes.Resolve(servicePorts["http"].Text("targetPort"), ports));
        Assert.Equal(endpoints.GrpcPort, Kubernetes.Resolve(servicePorts["grpc"].Text("targetPort"), ports));
        // The agent link is HTTP/2 only (plaintext in-cluster): proxies must not downgrade it to HTTP/1.1.
        Assert.Contains(servicePorts["grpc"].Text("appProtocol"), new[] { "kubernetes.io/h2c", "grpc", "http2" });
        Assert.NotNull(servicePorts["http"].Text("appProtocol"));
    }
}
