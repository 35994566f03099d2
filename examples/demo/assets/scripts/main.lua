-- Entry point: the runtime calls init() once and update(dt) every frame.
local player = require("scripts/player")

local level

function init()
  level = load_json("data/level1.json")
  player.spawn(level.spawn.x, level.spawn.y)
  play_music(level.music)
end

function update(dt)
  player.update(dt)
  for _, enemy in ipairs(level.enemies) do
    if touches(player, enemy) then
      player.hurt(1)
      play_sound("sounds/hit.wav")
    end
  end
end
