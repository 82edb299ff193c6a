// socket-ceiling: an ABCI app that does no work, served over CometBFT's own socket server, for the bench's
// ceiling of an out-of-process app. It accepts every tx and answers each with one ExecTxResult recorded from
// optchain's chain in the same bench run (its events, data and gas), so CometBFT, the socket and the
// transfer's events cost what they cost optchain while the application itself costs nothing.
package main

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"

	abciserver "github.com/cometbft/cometbft/abci/server"
	"github.com/cometbft/cometbft/abci/types"
)

// recordedResult is one entry of CometBFT's block_results txs_results, as its JSON RPC writes it.
type recordedResult struct {
	Code      uint32 `json:"code"`
	Data      string `json:"data"`
	Log       string `json:"log"`
	Info      string `json:"info"`
	GasWanted string `json:"gas_wanted"`
	GasUsed   string `json:"gas_used"`
	Codespace string `json:"codespace"`
	Events    []struct {
		Type       string `json:"type"`
		Attributes []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
			Index bool   `json:"index"`
		} `json:"attributes"`
	} `json:"events"`
}

type ceilingApp struct {
	types.BaseApplication
	height int64
	check  types.ResponseCheckTx
	result types.ExecTxResult
}

func appHash(height int64) []byte {
	hash := make([]byte, 8)
	binary.BigEndian.PutUint64(hash, uint64(height))
	return hash
}

func (app *ceilingApp) Info(context.Context, *types.RequestInfo) (*types.ResponseInfo, error) {
	if app.height == 0 {
		return &types.ResponseInfo{}, nil
	}
	return &types.ResponseInfo{LastBlockHeight: app.height, LastBlockAppHash: appHash(app.height)}, nil
}

func (app *ceilingApp) CheckTx(context.Context, *types.RequestCheckTx) (*types.ResponseCheckTx, error) {
	check := app.check
	return &check, nil
}

func (app *ceilingApp) FinalizeBlock(_ context.Context, req *types.RequestFinalizeBlock) (*types.ResponseFinalizeBlock, error) {
	results := make([]*types.ExecTxResult, len(req.Txs))
	for i := range results {
		result := app.result
		results[i] = &result
	}
	app.height = req.Height
	return &types.ResponseFinalizeBlock{TxResults: results, AppHash: appHash(req.Height)}, nil
}

func load(path string) (types.ExecTxResult, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return types.ExecTxResult{}, err
	}
	var recorded recordedResult
	if err := json.Unmarshal(raw, &recorded); err != nil {
		return types.ExecTxResult{}, fmt.Errorf("%s: %w", path, err)
	}
	data, err := base64.StdEncoding.DecodeString(recorded.Data)
	if err != nil {
		return types.ExecTxResult{}, fmt.Errorf("%s: data: %w", path, err)
	}
	gasWanted, err := strconv.ParseInt(recorded.GasWanted, 10, 64)
	if err != nil {
		return types.ExecTxResult{}, fmt.Errorf("%s: gas_wanted: %w", path, err)
	}
	gasUsed, err := strconv.ParseInt(recorded.GasUsed, 10, 64)
	if err != nil {
		return types.ExecTxResult{}, fmt.Errorf("%s: gas_used: %w", path, err)
	}
	result := types.ExecTxResult{Code: recorded.Code, Data: data, Log: recorded.Log, Info: recorded.Info, GasWanted: gasWanted, GasUsed: gasUsed, Codespace: recorded.Codespace}
	for _, event := range recorded.Events {
		converted := types.Event{Type: event.Type}
		for _, attribute := range event.Attributes {
			converted.Attributes = append(converted.Attributes, types.EventAttribute{Key: attribute.Key, Value: attribute.Value, Index: attribute.Index})
		}
		result.Events = append(result.Events, converted)
	}
	return result, nil
}

func main() {
	address := flag.String("address", "tcp://127.0.0.1:26658", "where to listen, as CometBFT's proxy_app")
	resultFile := flag.String("result", "", "one recorded tx result (block_results JSON) to answer every tx with")
	flag.Parse()
	if *resultFile == "" {
		fmt.Fprintln(os.Stderr, "socket-ceiling: --result is required")
		os.Exit(2)
	}
	result, err := load(*resultFile)
	if err != nil {
		fmt.Fprintln(os.Stderr, "socket-ceiling:", err)
		os.Exit(1)
	}
	app := &ceilingApp{
		result: result,
		check:  types.ResponseCheckTx{GasWanted: result.GasWanted, GasUsed: result.GasUsed},
	}
	server, err := abciserver.NewServer(*address, "socket", app)
	if err != nil {
		fmt.Fprintln(os.Stderr, "socket-ceiling:", err)
		os.Exit(1)
	}
	if err := server.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "socket-ceiling:", err)
		os.Exit(1)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	<-stop
	_ = server.Stop()
}
