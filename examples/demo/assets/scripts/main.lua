-- Slime Meadow: walk with the arrows (or A/D), jump with Z, Space or Up.
-- Collect the coins, mind the slimes. The runtime's API: docs/runtime-api.md.
game = { title = "Slime Meadow", width = 320, height = 144 }

local player = require("scripts/player")

MAP = "maps/meadow.tmx"
TILE = 16

-- Kept in a global so that a live reload of this file keeps the game's
-- progress: top-level locals start afresh when the script is re-run.
state = state or {}

local function solid(gid)
  return gid ~= 0 and gid ~= 5 -- 5 is water: you fall through it
end

-- True when the point (x, y) in pixels is inside a solid tile.
function blocked(x, y)
  local column, row = math.floor(x / TILE), math.floor(y / TILE)
  return solid(map_tile(MAP, "ground", column, row))
end

local function reset()
  local level = load_json("data/level1.json")
  local items = load_json("data/items.json")
  local kinds = {}
  for _, kind in ipairs(load_json("data/enemies.json")) do kinds[kind.id] = kind end
  state.level, state.items = level, items
  state.coins, state.slimes = {}, {}
  for _, at in ipairs(level.coins) do
    table.insert(state.coins, { x = at[1] * TILE + 4, y = at[2] * TILE + 4 })
  end
  for _, enemy in ipairs(level.enemies) do
    local kind = kinds[enemy.type]
    local w, h = image_size(kind.sprite)
    table.insert(state.slimes, { x = enemy.x * TILE, y = (enemy.y + 1) * TILE - h, w = w, h = h,
                                 dir = -1, speed = kind.speed * 40, sprite = kind.sprite, damage = kind.touch_damage })
  end
  state.score, state.over = 0, false
  player.spawn(level.spawn.x * TILE, level.spawn.y * TILE)
end

function init()
  reset()
  play_music(state.level.music)
  log("info", "Slime Meadow: " .. #state.coins .. " coins to collect")
end

local function overlaps(a, b, bw, bh)
  return a.x < b.x + bw and b.x < a.x + a.w and a.y < b.y + bh and b.y < a.y + a.h
end

local function moveSlime(slime, dt)
  local ahead = slime.dir < 0 and slime.x - 1 or slime.x + slime.w + 1
  -- Turn at walls and at the edge of the ground.
  if blocked(ahead, slime.y + slime.h - 2) or not blocked(ahead, slime.y + slime.h + 2) then
    slime.dir = -slime.dir
  end
  slime.x = slime.x + slime.dir * slime.speed * dt
end

function update(dt)
  if state.over then
    if key_pressed("start") or key_pressed("a") then reset() end
    return
  end
  player.update(dt)
  for i = #state.coins, 1, -1 do
    if overlaps(player, state.coins[i], 8, 8) then
      table.remove(state.coins, i)
      state.score = state.score + state.items.coin.value
      play_sound(state.items.coin.sound)
      if #state.coins == 0 then log("info", "all coins collected!") end
    end
  end
  for _, slime in ipairs(state.slimes) do
    moveSlime(slime, dt)
    if overlaps(player, slime, slime.w, slime.h) and player.hurt(slime.damage) then
      play_sound("sounds/hit.wav")
    end
  end
  if player.hp <= 0 then
    state.over = true
    log("info", "game over with " .. state.score .. " coins")
  end
end

function draw()
  clear(99, 155, 255)
  for x = 0, 319, 160 do
    draw_sprite(state.level.background[1], x, 0)
    draw_sprite(state.level.background[2], x, 64)
  end
  draw_map(MAP, 0, 0)
  for _, coin in ipairs(state.coins) do
    draw_sprite(state.items.coin.sprite, coin.x, coin.y + math.sin(time() * 4 + coin.x) * 1.5)
  end
  for _, slime in ipairs(state.slimes) do
    draw_sprite(slime.sprite, slime.x, slime.y, slime.dir > 0)
  end
  player.draw()
  for i = 1, player.hp do draw_sprite(state.items.heart.sprite, 4 + (i - 1) * 9, 4) end
  draw_text("coins " .. state.score, 260, 3, "#ffffff")
  if state.over then
    draw_rect(90, 56, 140, 30, { 0, 0, 0, 180 })
    draw_text("GAME OVER - press Z", 104, 66, "#f7e26b")
  end
end

function on_reload(entries)
  log("info", "reloaded: " .. table.concat(entries, ", "))
end
