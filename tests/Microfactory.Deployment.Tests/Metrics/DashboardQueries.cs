using System.Text.Json;
using Microfactory.Deployment.Tests.Support;

namespace Microfactory.Deployment.Tests.Metrics;

public sealed record DashboardQuery(string File, string Panel, string DataSourceUid, string Query);

/// <summary>Every query of every panel in the provisioned Grafana dashboards, with the data source it runs on.</summary>
public static class DashboardQueries
{
    public static string Directory => Path.Combine(Repo.Deploy, "grafana", "dashboards");

    public static IReadOnlyList<DashboardQuery> All()
    {
        var queries = new List<DashboardQuery>();
        foreach (var file in Repo.Files(Directory, ".json"))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            Collect(Repo.Relative(file), document.RootElement, queries);
        }

        return queries;
    }

    private static void Collect(string file, JsonElement container, List<DashboardQuery> queries)
    {
        if (!container.TryGetProperty("panels", out var panels))
        {
            return;
        }

        foreach (var panel in panels.EnumerateArray())
        {
            var title = panel.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            var panelSource = Uid(panel);
            if (panel.TryGetProperty("targets", out var targets))
            {
                foreach (var target in targets.EnumerateArray())
                {
                    var uid = Uid(target) ?? panelSource
                        ?? throw new InvalidDataException($"{file}: panel '{title}' has a query without a data source uid.");
                    var text = target.TryGetProperty("expr", out var expr) ? expr.GetString()
                        : target.TryGetProperty("query", out var query) ? query.GetString()
                        : null;
                    queries.Add(new DashboardQuery(file, title, uid, text ?? throw new InvalidDataException($"{file}: panel '{title}' has a query with neither expr nor query.")));
                }
            }

            Collect(file, panel, queries); // rows hold panels of their own
        }
    }

    private static string? Uid(JsonElement element) =>
        element.TryGetProperty("datasource", out var source) && source.ValueKind == JsonValueKind.Object && source.TryGetProperty("uid", out var uid)
            ? uid.GetString()
            : null;
}
