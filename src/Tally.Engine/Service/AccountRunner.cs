using System.Net;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Engine.Metrics;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Engine.Service;

/// <summary>
/// Keeps one Binance USD-M (or spot, see remarks) account's fills in the log for as long as it runs: finds the symbols (given, or every
/// symbol the account has traded), then runs a <see cref="UserDataFollower"/>, which back-fills from the
/// checkpoints before going live after every (re)connect and checks the stream against REST. When discovery finds
/// a new symbol the follower is restarted with the larger set, so the new symbol is back-filled from
/// <see cref="AccountRunOptions.StartTime"/>. Funding payments are read by a <see cref="FundingSynchronizer"/> at
/// each round's start and then every discovery interval. REST failures past the client's retries restart it after a pause;
/// a refused key stops the account (retrying would only earn a ban).
/// </summary>
/// <remarks>
/// A spot account (the constructor taking a <see cref="BinanceSpotClient"/>) has given symbols only (spot has no
/// account-wide trade or income history to discover them from) and no funding: each round reads exchangeInfo
/// and runs a <see cref="UserDataFollower"/> on the spot user-data subscription, with the same restart and stop rules.
/// Not thread safe: one <see cref="RunAsync"/> per account. Status callbacks run on the runner's tasks.
/// </remarks>
public sealed class AccountRunner
{
    private readonly BinanceFuturesClient? _client;
    private readonly BinanceSpotClient? _spot;
    private readonly FillLog _log;
    private readonly AccountRunOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TradedSymbols? _traded;
    private UserDataFollower? _follower;
    private int _connections;

    /// <summary>A USD-M account: symbols given, or discovered when <see cref="AccountRunOptions.Symbols"/> is null.</summary>
    public AccountRunner(BinanceFuturesClient client, FillLog log, AccountRunOptions options, TimeProvider time, ILoggerFactory? loggers = null)
        : this(log, options, time, loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _traded = new TradedSymbols(client, log, options.Venue, options.Account, options.StartTime, time);
    }

    /// <summary>A spot account: <paramref name="options"/> must list its symbols; <see cref="AccountRunOptions.StreamBase"/> is the WebSocket API URL.</summary>
    public AccountRunner(BinanceSpotClient client, FillLog log, AccountRunOptions options, TimeProvider time, ILoggerFactory? loggers = null)
        : this(log, options, time, loggers)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (options.Symbols is null)
        {
            throw new ArgumentException("A spot account needs its symbols listed.", nameof(options));
        }

        _spot = client;
    }

    private AccountRunner(FillLog log, AccountRunOptions options, TimeProvider time, ILoggerFactory? loggers)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        _log = log;
        _options = options;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<AccountRunner>();
    }

    /// <summary>Called on every state change.</summary>
    public Action<AccountState>? StateChanged { get; init; }

    /// <summary>Called after each stream fill is committed (<see cref="UserDataFollower.FillIngested"/>).</summary>
    public Action<IngestReport>? FillIngested { get; init; }

    /// <summary>
    /// USD-M: called after each back-filled page is committed (fills the stream did not deliver, e.g. while the
    /// account was down); its client order ids are resolved first (<see cref="ClientOrderIdResolver"/>).
    /// </summary>
    public Action<IngestReport>? BackfillIngested { get; init; }

    /// <summary>Called after each funding read (USD-M accounts: at each round's start and every discovery interval).</summary>
    public Action<FundingSyncReport>? FundingSynced { get; init; }

    /// <summary>The followers' silent-stream check interval (<see cref="UserDataFollower.SilentCheckInterval"/>).</summary>
    public TimeSpan SilentCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The followers' listenKey keep-alive interval (<see cref="FuturesUserDataStream.KeepAliveInterval"/>).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The followers' pause before reconnecting (<see cref="UserDataFollower.ReconnectDelay"/>).</summary>
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Stream status and reconnects as instruments; null measures nothing.</summary>
    public StreamMetrics? Metrics { get; init; }

    public AccountState State { get; private set; } = AccountState.Starting;

    /// <summary>The venue name fills are stored under.</summary>
    public string Venue => _options.Venue;

    /// <summary>The account name fills are stored under.</summary>
    public string Account => _options.Account;

    /// <summary>The symbols being followed now (empty before discovery).</summary>
    public IReadOnlyList<string> Symbols { get; private set; } = [];

    /// <summary>Times the follower was started (1 + restarts for new symbols or after failures).</summary>
    public int Rounds { get; private set; }

    /// <summary>The current follower's counters; null before the first one starts.</summary>
    public FollowerHealth? Health => _follower?.Health;

    /// <summary>Runs until cancelled.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    /// <exception cref="BinanceApiException">The venue refused the key or signature; the account is <see cref="AccountState.Stopped"/>.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await (_spot is { } spot ? RunSpotRoundAsync(spot, cancellationToken) : RunRoundAsync(_client!, cancellationToken));
            }
            catch (BinanceApiException e) when (IsRefusal(e))
            {
                SetState(AccountState.Stopped);
                Log.AccountStopped(_logger, _options.Venue, _options.Account, e.Message);
                throw;
            }
            catch (Exception e) when (e is BinanceApiException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                // The pause's timer is set before Retrying is announced, so whoever waits for Retrying can move time on.
                var pause = Task.Delay(_options.RestartDelay, _time, cancellationToken);
                SetState(AccountState.Retrying);
                Log.AccountRetrying(_logger, _options.Venue, _options.Account, _options.RestartDelay, e);
                await pause;
            }
        }
    }

    /// <summary>One follower's life: ends normally when discovery found new symbols (the caller starts the next round).</summary>
    private async Task RunRoundAsync(BinanceFuturesClient client, CancellationToken cancellationToken)
    {
        SetState(AccountState.Starting);
        await client.GetExchangeInfoLimitsAsync(cancellationToken);
        var symbols = await SymbolsAsync(cancellationToken);
        while (symbols.Count == 0)
        {
            var pause = Task.Delay(_options.DiscoveryInterval, _time, cancellationToken);
            SetState(AccountState.WaitingForSymbols);
            await pause;
            symbols = await SymbolsAsync(cancellationToken);
        }

        Symbols = symbols;
        Rounds = checked(Rounds + 1);
        var sync = _options.ForSymbols(symbols);
        var synchronizer = new TradeSynchronizer(
            client,
            _log,
            sync,
            _time,
            _loggers.CreateLogger<TradeSynchronizer>(),
            BackfillIngested,
            new ClientOrderIdResolver(client, _log, _options.Venue, _options.Account));
        var funding = new FundingSynchronizer(client, _log, sync, _time, _loggers.CreateLogger<FundingSynchronizer>());
        FundingSynced?.Invoke(await funding.SyncAsync(cancellationToken));
        _follower = Follower(new FuturesUserDataStream(client, synchronizer, _options.StreamBase, _time) { KeepAliveInterval = KeepAliveInterval }, sync);

        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var following = _follower.RunAsync(round.Token);
        var discovering = _options.Symbols is null ? WatchForNewSymbolsAsync(symbols, round.Token) : NeverAsync(round.Token);
        var fundingLoop = SyncFundingAsync(funding, round.Token);
        var first = await Task.WhenAny(following, discovering);
        await round.CancelAsync();
        await Settle(following);
        await Settle(discovering);
        await Settle(fundingLoop);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == following && following.Exception?.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        if (first == discovering)
        {
            var grown = await discovering;
            Log.NewSymbols(_logger, _options.Venue, _options.Account, symbols, grown);
        }
    }

    /// <summary>A spot round: exchangeInfo, then the follower until it fails (its symbols are given: nothing to discover, no funding).</summary>
    private async Task RunSpotRoundAsync(BinanceSpotClient client, CancellationToken cancellationToken)
    {
        SetState(AccountState.Starting);
        await client.GetExchangeInfoAsync(cancellationToken);
        Symbols = _options.Symbols!;
        Rounds = checked(Rounds + 1);
        var sync = _options.ForSymbols(Symbols) with { Window = SpotTradeSynchronizer.MaxWindow };
        var synchronizer = new SpotTradeSynchronizer(client, _log, sync, _time, _loggers.CreateLogger<SpotTradeSynchronizer>());
        _follower = Follower(new SpotUserDataStream(client, synchronizer, _options.StreamBase), sync);
        await _follower.RunAsync(cancellationToken);
    }

    private UserDataFollower Follower(IUserDataStream stream, TradeSyncOptions sync) => new(stream, _log, sync, _time, _loggers.CreateLogger<UserDataFollower>())
    {
        SilentCheckInterval = SilentCheckInterval,
        ReconnectDelay = ReconnectDelay,
        FillIngested = FillIngested,
        StatusChanged = status => SetState(status switch
        {
            StreamStatus.Connecting => AccountState.Connecting,
            StreamStatus.CatchingUp => AccountState.CatchingUp,
            StreamStatus.Live => AccountState.Live,
        }),
    };

    /// <summary>Completes with the larger symbol set once discovery finds a symbol not in <paramref name="current"/>.</summary>
    private async Task<IReadOnlyList<string>> WatchForNewSymbolsAsync(IReadOnlyList<string> current, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(_options.DiscoveryInterval, _time, cancellationToken);
            try
            {
                var found = await SymbolsAsync(cancellationToken);
                if (found.Except(current, StringComparer.Ordinal).Any())
                {
                    return found;
                }
            }
            catch (Exception e) when (e is BinanceApiException or HttpRequestException)
            {
                // Discovery is best effort between rounds; the follower keeps going on the symbols it has.
                Log.DiscoveryFailed(_logger, _options.Venue, _options.Account, e);
            }
        }
    }

    /// <summary>
    /// The stream's ACCOUNT_UPDATE with m = FUNDING_FEE carries no tranId (the payment's identity) and no position
    /// side, so funding is read from REST income every discovery interval; a failure waits for the next one and
    /// leaves the follower alone.
    /// </summary>
    private async Task SyncFundingAsync(FundingSynchronizer funding, CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(_options.DiscoveryInterval, _time, cancellationToken);
            try
            {
                FundingSynced?.Invoke(await funding.SyncAsync(cancellationToken));
            }
            catch (Exception e) when (e is BinanceApiException or HttpRequestException)
            {
                Log.FundingSyncFailed(_logger, _options.Venue, _options.Account, e);
            }
        }
    }

    /// <summary>Given symbols never grow: the round ends only when the follower does.</summary>
    private async Task<IReadOnlyList<string>> NeverAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, _time, cancellationToken);
        return [];
    }

    private async Task<IReadOnlyList<string>> SymbolsAsync(CancellationToken cancellationToken)
    {
        if (_options.Symbols is { } given)
        {
            return given;
        }

        var found = await _traded!.DiscoverAsync(cancellationToken);
        // Never drop a symbol already followed: its history is still there to check.
        return [.. found.Union(Symbols, StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>401/403, -2014/-2015 (key), -1022 (signature): the same request can never succeed.</summary>
    private static bool IsRefusal(BinanceApiException e) =>
        e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || e.Code is -2014 or -2015 or -1022;

    private static async Task Settle(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // The round was ended on purpose.
        }
        catch (Exception e) when (e is BinanceApiException or HttpRequestException)
        {
            // Rethrown by the caller when this task ended the round.
        }
    }

    private void SetState(AccountState state)
    {
        if (state == State && Rounds > 0)
        {
            return;
        }

        State = state;
        if (Metrics is { } metrics)
        {
            metrics.State(_options.Venue, _options.Account, state);
            if (state == AccountState.CatchingUp)
            {
                // Every connection catches up first: the account's first one is not a reconnect.
                metrics.Connection(_options.Venue, _options.Account, first: Interlocked.Increment(ref _connections) == 1);
            }
        }

        StateChanged?.Invoke(state);
    }
}
