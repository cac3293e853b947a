using System.Globalization;
using System.Threading.Channels;
using MudBlazor;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Risk;
using Tally.Storage.Live;

namespace Tally.Dashboard.Components.Pages;

/// <summary>
/// The dashboard page: reads everything through the API's queries, then, once interactive, follows the log's change
/// feed and reads again after every change (no reload); force close asks for the API token.
/// </summary>
public sealed partial class Home
{
    private const string Dash = "—";
    private const int FeedLimit = 200;

    private readonly DialogOptions _dialogOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private readonly List<FeedItem> _feed = [];
    private readonly CancellationTokenSource _stop = new();
    private DashboardView _view = DashboardView.Empty;
    private ChannelReader<LogChange>? _changes;
    private Task _pump = Task.CompletedTask;
    private bool _live;
    private long _version;
    private bool _closing;
    private string _closeTarget = string.Empty;
    private string? _token;
    private string? _closeProblem;

    protected override async Task OnInitializedAsync()
    {
        _view = await DashboardView.ReadAsync(Queries, _stop.Token);
        _feed.AddRange(_view.Fills.Select(FeedItem.OfFill)
            .Concat(_view.RiskEvents.Select(FeedItem.OfRiskEvent))
            .OrderByDescending(i => i.At)
            .Take(FeedLimit));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Only once interactive (never while prerendering): follow the log from now on, then read once more so that
        // nothing committed between the first read and the subscription is missed.
        _changes = Sources.Changes.Subscribe();
        _pump = PumpAsync(_changes, _stop.Token);
        _view = await DashboardView.ReadAsync(Queries, _stop.Token);
        _live = true;
        _version++;
        StateHasChanged();
    }

    private async Task PumpAsync(ChannelReader<LogChange> changes, CancellationToken cancellationToken)
    {
        try
        {
            while (await changes.WaitToReadAsync(cancellationToken))
            {
                var items = new List<FeedItem>();
                while (changes.TryRead(out var change))
                {
                    items.AddRange(FeedItem.Of(change));
                }

                var view = await DashboardView.ReadAsync(Queries, cancellationToken);
                await InvokeAsync(() =>
                {
                    _feed.InsertRange(0, Enumerable.Reverse(items));
                    if (_feed.Count > FeedLimit)
                    {
                        _feed.RemoveRange(FeedLimit, _feed.Count - FeedLimit);
                    }

                    _view = view;
                    _version++;
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The page closed.
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while a read was running.
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.Data.Common.DbException)
        {
            // The store could not be read: the page stops following (it says so) until it is reloaded.
            DashboardLog.FollowFailed(Logger, e);
            await InvokeAsync(() =>
            {
                _live = false;
                StateHasChanged();
            });
        }
    }

    private void AskClose(string target)
    {
        _closeTarget = target;
        _token = null;
        _closeProblem = null;
        _closing = true;
    }

    private void CancelClose() => _closing = false;

    private async Task ConfirmClose()
    {
        if (!Sources.Admits(_token))
        {
            _closeProblem = "That is not the API token (set api.token or TALLY_API_TOKEN; without one force close is off).";
            return;
        }

        var outcome = await Sources.Actions.CloseAsync(_closeTarget, DashboardSources.RequestedBy, _stop.Token);
        switch (outcome)
        {
            case OperatorOutcome.Requested requested:
                _closing = false;
                Snackbar.Add(requested.Message, Severity.Success);
                break;
            case OperatorOutcome.Unchanged unchanged:
                _closing = false;
                Snackbar.Add(unchanged.Message, Severity.Info);
                break;
            case OperatorOutcome.Refused refused:
                _closeProblem = refused.Message;
                break;
        }
    }

    private List<ChartSeries<double>> CurveSeries() =>
    [
        new() { Name = "Equity (cumulative net PnL)", Data = new ChartData<double>([0d, .. _view.Curve.Select(c => (double)c.CumulativePnl)]) },
        new() { Name = "Trade net PnL", Data = new ChartData<double>([0d, .. _view.Curve.Select(c => (double)c.TradePnl)]) },
    ];

    /// <summary>The curve starts at 0 ("start"), then one point per closed strategy position.</summary>
    private string[] CurveLabels() => ["start", .. _view.Curve.Select(c => c.At.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture))];

    private static string Money(decimal value) => FeedItem.Money(value);

    private static string Money(decimal? value) => value is { } v ? FeedItem.Money(v) : Dash;

    private static string Round(decimal? value) => value is { } v ? FeedItem.Money(Math.Round(v, 4)) : Dash;

    /// <summary>Prices and PnL of the ledger's averages to 8 places (the exact value is the cell's title).</summary>
    private static string Round8(decimal? value) => value is { } v ? FeedItem.Money(Math.Round(v, 8)) : Dash;

    private static string Round2(decimal? value) => value is { } v ? FeedItem.Money(Math.Round(v, 2)) : Dash;

    /// <summary>A fraction (0.05) as a percentage (5 %).</summary>
    private static string Percent(decimal? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100m * f, 2)} %") : Dash;

    private static string Percent(int part, int whole) =>
        whole == 0 ? Dash : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100m * part / whole, 1)} %");

    private static string Tone(decimal? value) => value switch
    {
        > 0m => "mud-success-text",
        < 0m => "mud-error-text",
        _ => string.Empty,
    };

    private static string Ordinal(int n) => (n % 100, n % 10) switch
    {
        (11 or 12 or 13, _) => $"{n}th",
        (_, 1) => $"{n}st",
        (_, 2) => $"{n}nd",
        (_, 3) => $"{n}rd",
        _ => $"{n}th",
    };

    /// <summary>The contribution's share of its cycle's quantity (contributions of one cycle share their id up to the sequence).</summary>
    private static string Share(Contribution contribution, ExchangeRow row)
    {
        var cycle = CycleOf(contribution.ContributionId);
        var total = row.Contributions.Where(c => CycleOf(c.ContributionId) == cycle).Sum(c => c.ContributionQuantity);
        return total == 0m ? Dash : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100m * contribution.ContributionQuantity / total, 1)} %");
    }

    private static string CycleOf(string contributionId) => contributionId[..Math.Max(0, contributionId.LastIndexOf('/'))];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_changes is not null)
        {
            Sources.Changes.Unsubscribe(_changes);
        }

        await _pump;
        _stop.Dispose();
    }
}
