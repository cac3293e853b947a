namespace Tally.Cli.Tests;

/// <summary>
/// The files in <c>BadInputs</c>, each a way a hostile or careless user breaks an input, run through
/// <c>tally replay</c> and <c>tally import</c>: never a stack trace, exit 2, nothing on stdout, one line naming the
/// line (or record), the field and the problem; <c>tally import</c> still stores the good rows and says how many
/// on a second stderr line.
/// </summary>
public sealed class BadInputCorpusTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string, string, int> RowErrors => new()
    {
        { "qty-at-decimal-max.csv", "line 3, column qty: \"79228162514264337593543950335\" is too large to total (at most 1E+14)", 2 },
        { "qty-beyond-decimal-range-text.csv", "line 3, column qty: \"79228162514264337593543950336\" is outside the decimal range (at most 79228162514264337593543950335)", 2 },
        { "qty-times-price-overflows.csv", "line 3, column qty: \"10000000000000\" is too large to total: qty × price × multiplier is over 1E+18", 2 },
        { "fee-too-large.csv", "line 3, column fee: \"1000000000000000\" is too large to total (at most 1E+14)", 2 },
        { "field-of-25000-characters.csv", "line 3, column strategy: \"xxxxxxxxxxxxxxxxxxxx…\" is 25000 characters long (at most 4096)", 2 },
        { "unterminated-quote.csv", "line 4, column row: \"\" has a quote that is never closed; the rest of the file is not read", 2 },
        { "ts-in-seconds.csv", "line 3, column ts: \"1736154000\" looks like Unix seconds, not milliseconds (times before 1973-03-03 are refused)", 2 },
        { "negative-qty.csv", "line 3, column qty: \"-1\" is not a positive number", 2 },
        { "side-not-buy-or-sell.csv", "line 3, column side: \"HOLD\" is not BUY or SELL", 2 },
    };

    public static TheoryData<string, string> FileErrors => new()
    {
        { "duplicate-column.csv", "duplicate-column.csv: line 1: column qty appears twice in the header" },
        { "missing-price-column.csv", "missing-price-column.csv: missing required column price (header has: symbol, side, qty, trade_id)" },
        { "not-utf8.csv", "{path}: line 3: bytes that are not UTF-8 (save the file as UTF-8)" },
    };

    public static TheoryData<string, string, int> JsonRowErrors => new()
    {
        { "user-trades-qty-overflows.json", "line 2, column qty: \"79228162514264337593543950335\" is too large to total (at most 1E+14)", 1 },
        { "user-trades-time-in-seconds.json", "line 2, column time: \"1700000000\" looks like Unix seconds, not milliseconds (times before 1973-03-03 are refused)", 1 },
        { "user-trades-without-time.json", "line 2, column time: \"\" is missing or empty", 1 },
        { "user-trades-bad-price.json", "line 2, column price: \"abc\" is not a positive number", 1 },
    };

    public static TheoryData<string, string> JsonFileErrors => new()
    {
        { "user-trades-not-json.json", "user-trades-not-json.json: not valid JSON at line 2, byte 1 of that line (pages must be JSON arrays, one after another)" },
        { "user-trades-not-utf8.json", "{path}: line 2: bytes that are not UTF-8 (save the file as UTF-8)" },
    };

    [Theory]
    [MemberData(nameof(RowErrors))]
    public void Replay_refuses_a_bad_row_with_exit_2_one_line_and_nothing_on_stdout(string file, string line, int goodRows)
    {
        _ = goodRows;
        var run = TallyRun.Of("replay", RepositoryFiles.BadInput(file));

        AssertRefused(run, [line]);
    }

    [Theory]
    [MemberData(nameof(RowErrors))]
    public void Replay_with_skip_invalid_folds_the_good_rows_around_a_bad_one(string file, string line, int goodRows)
    {
        var run = TallyRun.Of("replay", RepositoryFiles.BadInput(file), "--skip-invalid", "--json");

        using var json = run.Json();
        Assert.Equal([line, $"1 invalid row skipped, {goodRows} folded"], run.StderrLines);
        Assert.Equal(goodRows, json.Fills.Count);
    }

    [Theory]
    [MemberData(nameof(FileErrors))]
    public void Replay_refuses_a_bad_file_with_exit_2_one_line_and_nothing_on_stdout(string file, string line)
    {
        var path = RepositoryFiles.BadInput(file);

        AssertRefused(TallyRun.Of("replay", path), [line.Replace("{path}", path, StringComparison.Ordinal)]);
    }

    [Theory]
    [MemberData(nameof(RowErrors))]
    public void Import_refuses_a_bad_row_stores_the_good_ones_and_prints_nothing_on_stdout(string file, string line, int goodRows)
    {
        var db = "sqlite:" + _dir.PathOf("import.db");

        var run = TallyRun.Of("import", RepositoryFiles.BadInput(file), "--format", "tally-csv", "--db", db);

        AssertRefused(run, [line, $"{file} → {db}: stored {goodRows}, already present 0, quarantined 0, invalid 1"]);
        Assert.Equal(goodRows, TallyRun.Of("positions", "--db", db, "--json").Json().Positions.Count);
    }

    [Theory]
    [MemberData(nameof(FileErrors))]
    public void Import_refuses_a_bad_file_with_exit_2_one_line_and_nothing_on_stdout(string file, string line)
    {
        var path = RepositoryFiles.BadInput(file);

        AssertRefused(TallyRun.Of("import", path, "--format", "tally-csv", "--db", "sqlite:" + _dir.PathOf("import.db")), [line.Replace("{path}", path, StringComparison.Ordinal)]);
    }

    [Theory]
    [MemberData(nameof(JsonRowErrors))]
    public void Import_of_a_userTrades_body_refuses_a_bad_record_and_stores_the_good_ones(string file, string line, int goodRows)
    {
        var db = "sqlite:" + _dir.PathOf("import.db");

        var run = TallyRun.Of("import", RepositoryFiles.BadInput(file), "--format", "binance-futures-trades-json", "--db", db);

        AssertRefused(run, [line, $"{file} → {db}: stored {goodRows}, already present 0, quarantined 0, invalid 1"]);
        Assert.Equal(goodRows, TallyRun.Of("positions", "--db", db, "--json").Json().Positions.Count);
    }

    [Theory]
    [MemberData(nameof(JsonFileErrors))]
    public void Import_of_a_userTrades_body_refuses_a_bad_file_with_one_line(string file, string line)
    {
        var path = RepositoryFiles.BadInput(file);

        var run = TallyRun.Of("import", path, "--format", "binance-futures-trades-json", "--db", "sqlite:" + _dir.PathOf("import.db"));

        AssertRefused(run, [line.Replace("{path}", path, StringComparison.Ordinal)]);
    }

    [Fact]
    public void With_json_import_still_reports_its_counts_and_invalid_rows_on_stdout()
    {
        var run = TallyRun.Of("import", RepositoryFiles.BadInput("negative-qty.csv"), "--format", "tally-csv", "--db", "sqlite:" + _dir.PathOf("import.db"), "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        using var json = new ReplayJson(run.Stdout);
        Assert.Equal(2, json.Root.GetProperty("stored").GetInt32());
        Assert.Equal(1, json.Root.GetProperty("invalid").GetInt32());
    }

    [Fact]
    public void An_input_file_that_cannot_be_read_is_one_line_naming_it()
    {
        var path = _dir.Write("locked.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,100\n");

        // Another process holding the file exclusively (on Unix an advisory lock) makes it unreadable to tally.
        using var holder = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var replay = TallyRun.Of("replay", path);
        var import = TallyRun.Of("import", path, "--format", "tally-csv", "--db", "sqlite:" + _dir.PathOf("import.db"));

        foreach (var run in new[] { replay, import })
        {
            Assert.Equal(ExitCodes.BadInput, run.ExitCode);
            Assert.StartsWith($"{path}: cannot read the file: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
            Assert.Equal(string.Empty, run.Stdout);
        }
    }

    [Fact]
    public void An_instruments_file_with_bytes_that_are_not_UTF8_is_refused_with_its_line()
    {
        // 0xE9 is é in Latin-1; in UTF-8 it starts a three-byte sequence that never comes.
        var instruments = _dir.WriteBytes("instruments.csv", [.. "symbol,kind,base,quote\nBTCUSD,inverse,BTC,USD\nX"u8, 0xE9, .. ",spot,X,USD\n"u8]);

        var run = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--instruments", instruments);

        AssertRefused(run, [$"{instruments}: line 3: bytes that are not UTF-8 (save the file as UTF-8)"]);
    }

    private static void AssertRefused(TallyRun run, IReadOnlyList<string> stderr)
    {
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(stderr, run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }
}
