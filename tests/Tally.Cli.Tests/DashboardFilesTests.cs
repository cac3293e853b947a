using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary>The Grafana files under deploy/grafana: three dashboards, each panel querying Tally's metrics through the provisioned data source.</summary>
public sealed class DashboardFilesTests
{
    [Fact]
    public void There_are_the_three_dashboards_with_unique_uids()
    {
        var titles = DashboardQueries.Files.Select(f =>
        {
            using var json = JsonDocument.Parse(File.ReadAllText(f));
            return (Uid: json.RootElement.GetProperty("uid").GetString(), Title: json.RootElement.GetProperty("title").GetString());
        }).ToList();

        Assert.Equal(["Tally: Hedge Mode", "Tally: Multi-Strategy", "Tally: Strategy Performance"], titles.Select(t => t.Title).Order(StringComparer.Ordinal));
        Assert.Equal(titles.Count, titles.Select(t => t.Uid).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_query_panel_names_a_tally_metric_and_uses_the_provisioned_prometheus()
    {
        var datasource = File.ReadAllText(RepositoryFiles.Under("deploy", "grafana", "provisioning", "datasources", "prometheus.yaml"));
        Assert.Contains("uid: tally-prometheus", datasource, StringComparison.Ordinal);
        Assert.Contains("type: prometheus", datasource, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryFiles.Under("deploy", "grafana", "provisioning", "dashboards", "tally.yaml")));

        foreach (var file in DashboardQueries.Files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in DashboardQueries.Panels(json.RootElement).Where(p => p.GetProperty("type").GetString() != "row"))
            {
                var title = panel.GetProperty("title").GetString();
                Assert.Equal("tally-prometheus", panel.GetProperty("datasource").GetProperty("uid").GetString());
                var targets = panel.GetProperty("targets").EnumerateArray().ToList();
                Assert.True(targets.Count > 0, $"{file}: {title}: no query");
                Assert.All(targets, t => Assert.Contains("tradeengine_", t.GetProperty("expr").GetString(), StringComparison.Ordinal));
            }
        }

        // The three dashboards' subjects (DESIGN.md §7's counters among them).
        var metrics = DashboardQueries.All().Select(q => q.Metric).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "tradeengine_strategy_positions_closed_total", "tradeengine_strategy_trades_total", "tradeengine_strategy_realized_pnl",
                "tradeengine_strategy_position_duration_seconds_bucket", "tradeengine_positions_opened_total", "tradeengine_hedged_symbols",
                "tradeengine_position_realized_pnl", "tradeengine_shared_positions",
            },
            metrics);
    }
}
