import ReelCore

/// The built-in profiles: `br` and `football` (see event-detect(1)).
extension Profile {
    static let battleRoyaleJSON = #"""
    {
      "kind": "battle-royale",
      "name": "br",
      "crops": {
        "hud": "0.5,0,0.5,0.1",
        "select": "0.15,0.04,0.70,0.17",
        "placed": "0.02,0.06,0.55,0.15",
        "spectating": "0.25,0.79,0.50,0.14"
      },
      "sampling": {"every": 2, "mode": "key", "rgb": true, "height": 720},
      "ocr": {
        "regions": ["select", "placed", "spectating"],
        "whitelist": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- ",
        "upper": true,
        "invert": "yes",
        "overrides": {
          "select": {"text_height": [0.05, 0.07]},
          "placed": {"text_height": [0.04, 0.05]},
          "spectating": {"text_height": [0.035, 0.035]}
        }
      },
      "patterns": {
        "select": {"region": "select", "regex": "SELECTLEGEND"},
        "placed": {"region": "placed", "regex": "PLACED#?(\\d{1,2})[-.:]?OF[-.:]?20"},
        "spectating": {"region": "spectating", "regex": "SPECTATING"}
      },
      "counter": {"region": "hud", "ink": ["#FFFFFF", "#FF5050"], "max_digits": 2, "absent": null},
      "confirm": {"texts": {"count": 2, "of": 3}, "values": {"count": 2, "of": 3}},
      "timings": {"quiet": 12, "kills_per_second": 1, "burst": 3},
      "clips": {"match": {"before": 5, "after": 8}, "kill": {"before": 10, "after": 4}}
    }
    """#

    static let footballJSON = #"""
    {
      "kind": "football",
      "name": "football",
      "crops": {
        "scoreboard": "0,0,0.5,0.12",
        "replay": "0.6,0,0.4,0.15",
        "banner": "0.25,0.38,0.5,0.24"
      },
      "sampling": {"every": 2, "mode": "exact", "rgb": true, "height": 720},
      "ocr": {
        "regions": ["scoreboard", "replay", "banner"],
        "whitelist": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789#:- ",
        "upper": true,
        "invert": "yes",
        "overrides": {
          "scoreboard": {"text_height": [0.02, 0.036]},
          "replay": {"text_height": [0.035, 0.035]},
          "banner": {"text_height": [0.1, 0.1]}
        }
      },
      "patterns": {
        "score": {"region": "scoreboard", "regex": "(?:^| )(\\d{1,2}) ?- ?(\\d{1,2})(?= |$)", "spaced": true},
        "period": {"region": "scoreboard", "regex": "(HT|FT)$"},
        "replay": {"region": "replay", "regex": "REPLAY"},
        "banner": {"region": "banner", "regex": "GOAL"}
      },
      "periods": {"half": ["HT"], "full": ["FT"]},
      "confirm": {"texts": {"count": 2, "of": 3}, "values": {"count": 2, "of": 3}},
      "timings": {"replay_after_goal_min": 2, "replay_after_goal_max": 4, "replay_after_banner_goal": 4,
                  "banner_from": 1, "banner_to": 4},
      "clips": {"goal": {"before": 20, "after": 5}}
    }
    """#
}
