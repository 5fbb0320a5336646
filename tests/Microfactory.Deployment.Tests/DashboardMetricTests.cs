using Microfactory.Deployment.Tests.Metrics;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests;

public sealed class DashboardMetricTests
{
    private const string PrometheusUid = "prometheus";

    [Fact]
    public void The_source_scan_finds_the_known_instruments_with_their_units()
    {
        // Guards the scanner itself: if it silently found nothing, every dashboard check below would pass vacuously.
        var routing = Assert.Single(SourceInstruments.All, i => i.Name == "mf.routing.duration");
        Assert.Equal(["mf_routing_duration_milliseconds_bucket", "mf_routing_duration_milliseconds_sum", "mf_routing_duration_milliseconds_count"], routing.PrometheusSeries());
        var submitted = Assert.Single(SourceInstruments.All, i => i.Name == "mf.orders.submitted");
        Assert.Equal(["mf_orders_submitted_total"], submitted.PrometheusSeries());
        Assert.Contains(SourceInstruments.All, i => i.Name.StartsWith("mf.agent.", StringComparison.Ordinal));
    }

    [Fact]
    public void PromQL_names_are_told_apart_from_functions_labels_and_variables()
    {
        var names = PromQl.MetricNames("""histogram_quantile(0.95, sum by (le, op) (rate(mf_a_bucket{site="$site", op!~"x|y"}[$__rate_interval]))) / on(op) group_left mf_b_total offset 5m""");
        Assert.Equal(new HashSet<string> { "mf_a_bucket", "mf_b_total" }, names);
    }

    [Fact]
    public void Dashboard_metric_queries_name_only_metrics_the_code_emits()
    {
        var emitted = SourceInstruments.All.SelectMany(i => i.PrometheusSeries()).ToHashSet(StringComparer.Ordinal);
        var prometheusQueries = DashboardQueries.All().Where(q => q.DataSourceUid == PrometheusUid).ToList();
        Assert.NotEmpty(prometheusQueries);

        var unknown = prometheusQueries
            .SelectMany(q => PromQl.MetricNames(q.Query).Select(name => (q, name)))
            .Where(x => !emitted.Contains(x.name))
            .Select(x => $"{x.q.File} panel '{x.q.Panel}': '{x.name}' in `{x.q.Query}`")
            .ToList();
        Assert.True(unknown.Count == 0,
            "Dashboard queries name metrics no instrument in src/ produces (the collector exports: "
            + string.Join(", ", emitted.Order(StringComparer.Ordinal)) + "):\n" + string.Join("\n", unknown));
        Assert.All(prometheusQueries, q => Assert.NotEmpty(PromQl.MetricNames(q.Query)));
    }

    [Fact]
    public void Dashboards_use_only_provisioned_data_sources()
    {
        var provisioned = Yaml.LoadMap(Repo.PathOf("deploy", "grafana", "provisioning", "datasources", "datasources.yaml"))
            .Maps("datasources").Select(d => d.Text("uid")).ToHashSet(StringComparer.Ordinal);
        var queries = DashboardQueries.All();
        Assert.NotEmpty(queries);
        Assert.All(queries, q => Assert.True(provisioned.Contains(q.DataSourceUid), $"{q.File} panel '{q.Panel}' uses data source uid '{q.DataSourceUid}', which datasources.yaml does not provision."));
    }

    [Fact]
    public void The_deployment_guide_lists_every_instrument_the_code_emits()
    {
        var guide = File.ReadAllText(Repo.PathOf("docs", "deployment.md"));
        var missing = SourceInstruments.All
            .Where(i => !guide.Contains(i.Name, StringComparison.Ordinal) || !guide.Contains(i.PrometheusSeries()[0], StringComparison.Ordinal))
            .Select(i => $"{i.Name} ({i.PrometheusSeries()[0]}) from {i.File}")
            .ToList();
        Assert.True(missing.Count == 0, "docs/deployment.md does not list: " + string.Join(", ", missing));
    }
}
